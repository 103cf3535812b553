import type { Cidr, Family, IpAddress } from '../net/address.js';
import type { PortRange } from '../net/ports.js';
import type { SourceLocation } from './source.js';

export type Tags = Readonly<Record<string, string>>;

/** ICMP type and code as AWS stores them; -1 means "all". */
export interface IcmpTypeCode {
  readonly type: number;
  readonly code: number;
}

export type RuleAction = 'allow' | 'deny';

export interface NaclRule {
  readonly naclId: string;
  readonly number: number;
  /** true: outbound list (matches the packet's destination); false: inbound (matches its source). */
  readonly egress: boolean;
  readonly action: RuleAction;
  /** IANA number, -1 for all. */
  readonly protocol: number;
  readonly cidr: Cidr;
  /** Destination ports; present only for TCP/UDP (AWS ignores it elsewhere). */
  readonly ports?: PortRange;
  /** Present only where AWS reads it: ICMP, and ICMPv6 with an IPv6 CIDR. */
  readonly icmp?: IcmpTypeCode;
  /** The catch-all 32767 (IPv4) / 32768 (IPv6) deny AWS adds to every list. */
  readonly isDefaultDeny: boolean;
  readonly source: SourceLocation;
}

export interface Nacl {
  readonly id: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly subnetIds: readonly string[];
  /** Sorted by ascending rule number. */
  readonly inbound: readonly NaclRule[];
  /** Sorted by ascending rule number. */
  readonly outbound: readonly NaclRule[];
  readonly name?: string;
  readonly tags: Tags;
  readonly ownerId?: string;
  readonly source: SourceLocation;
}

export type SgPeer =
  | { readonly kind: 'cidr'; readonly cidr: Cidr }
  | { readonly kind: 'prefix-list'; readonly prefixListId: string }
  | {
      readonly kind: 'group';
      readonly groupId: string;
      readonly userId?: string;
      readonly vpcId?: string;
      readonly peeringConnectionId?: string;
      readonly peeringStatus?: string;
    };

export type SgDirection = 'ingress' | 'egress';

/** One source (or destination) of one permission: AWS's "security group rule". */
export interface SgRule {
  readonly groupId: string;
  readonly direction: SgDirection;
  readonly protocol: number;
  /** Present only for TCP/UDP. */
  readonly ports?: PortRange;
  /** Present only for ICMP / ICMPv6 (FromPort is the type, ToPort the code). */
  readonly icmp?: IcmpTypeCode;
  readonly peer: SgPeer;
  readonly description?: string;
  /** `sgr-…` when the export had it. */
  readonly ruleId?: string;
  readonly source: SourceLocation;
}

export interface SecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly vpcId?: string;
  readonly ownerId?: string;
  readonly description?: string;
  readonly ingress: readonly SgRule[];
  readonly egress: readonly SgRule[];
  readonly tags: Tags;
  readonly source: SourceLocation;
}

export interface Vpc {
  readonly id: string;
  readonly cidrs: readonly Cidr[];
  readonly isDefault?: boolean;
  readonly ownerId?: string;
  readonly region?: string;
  readonly name?: string;
  readonly tags: Tags;
  readonly source: SourceLocation;
}

export interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  /** IPv4 block first when present, then associated IPv6 blocks. */
  readonly cidrs: readonly Cidr[];
  readonly availabilityZone?: string;
  readonly name?: string;
  readonly tags: Tags;
  readonly source: SourceLocation;
}

export interface Eni {
  readonly id: string;
  readonly subnetId?: string;
  readonly vpcId?: string;
  /** Primary private IPv4 first. */
  readonly privateIps: readonly IpAddress[];
  readonly ipv6s: readonly IpAddress[];
  readonly groupIds: readonly string[];
  readonly interfaceType?: string;
  readonly description?: string;
  readonly requesterManaged?: boolean;
  readonly instanceId?: string;
  /** Attachment device index; 0 is an instance's primary interface. */
  readonly deviceIndex?: number;
  readonly name?: string;
  readonly tags: Tags;
  readonly source: SourceLocation;
}

export interface Instance {
  readonly id: string;
  readonly eniIds: readonly string[];
  /** `windows` for Windows instances; absent otherwise (AWS only sets it for Windows). */
  readonly platform?: string;
  /** e.g. `Linux/UNIX`, `Windows`, `Red Hat Enterprise Linux`. */
  readonly platformDetails?: string;
  readonly state?: string;
  readonly name?: string;
  readonly tags: Tags;
  readonly source: SourceLocation;
}

export interface PrefixList {
  readonly id: string;
  readonly name?: string;
  /** Undefined when the snapshot does not hold the entries: the engine must answer `unknown`. */
  readonly cidrs?: readonly Cidr[];
  readonly maxEntries?: number;
  readonly family?: Family;
  readonly source: SourceLocation;
}

export interface SnapshotMetadata {
  readonly account?: string;
  readonly region?: string;
  readonly regions?: readonly string[];
  readonly fetchedAt?: string;
  readonly tool?: { readonly name: string; readonly version: string };
}

/** The normalized network every source produces and every analysis reads. */
export interface Snapshot {
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly nacls: readonly Nacl[];
  readonly securityGroups: readonly SecurityGroup[];
  readonly enis: readonly Eni[];
  readonly instances: readonly Instance[];
  readonly prefixLists: readonly PrefixList[];
  /** Kept verbatim for later analyses (routing is not evaluated yet). */
  readonly routeTables: readonly unknown[];
  readonly metadata: SnapshotMetadata;
  /** The files (or live sources) the snapshot was read from. */
  readonly inputs: readonly string[];
}

export function emptySnapshot(): Snapshot {
  return { vpcs: [], subnets: [], nacls: [], securityGroups: [], enis: [], instances: [], prefixLists: [], routeTables: [], metadata: {}, inputs: [] };
}
