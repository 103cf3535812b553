import { cidrContains, type Family, type IpAddress } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { Eni, Instance, Nacl, PrefixList, SecurityGroup, Snapshot, Subnet, Vpc } from './snapshot.js';

/** Lookups over a snapshot, built once. Pure: a view, never a copy with changes. */
export class SnapshotIndex {
  readonly vpcs = new Map<string, Vpc>();
  readonly subnets = new Map<string, Subnet>();
  readonly nacls = new Map<string, Nacl>();
  readonly groups = new Map<string, SecurityGroup>();
  readonly enis = new Map<string, Eni>();
  readonly instances = new Map<string, Instance>();
  readonly prefixLists = new Map<string, PrefixList>();
  /** Subnet id → the NACL that applies to it (explicit association, else the VPC's default NACL). */
  private readonly naclOfSubnet = new Map<string, Nacl>();
  private readonly defaultNaclOfVpc = new Map<string, Nacl>();
  /** Group id → ENIs carrying it. */
  private readonly enisOfGroup = new Map<string, Eni[]>();
  /** Private address text → ENIs owning it (normally one; two VPCs may reuse an address). */
  private readonly enisOfAddress = new Map<string, Eni[]>();

  constructor(readonly snapshot: Snapshot) {
    for (const v of snapshot.vpcs) this.vpcs.set(v.id, v);
    for (const s of snapshot.subnets) this.subnets.set(s.id, s);
    for (const g of snapshot.securityGroups) this.groups.set(g.id, g);
    for (const i of snapshot.instances) this.instances.set(i.id, i);
    for (const p of snapshot.prefixLists) this.prefixLists.set(p.id, p);
    for (const n of snapshot.nacls) {
      this.nacls.set(n.id, n);
      if (n.isDefault) this.defaultNaclOfVpc.set(n.vpcId, n);
      for (const s of n.subnetIds) this.naclOfSubnet.set(s, n);
    }
    for (const e of snapshot.enis) {
      this.enis.set(e.id, e);
      for (const g of e.groupIds) push(this.enisOfGroup, g, e);
      for (const a of [...e.privateIps, ...e.ipv6s]) push(this.enisOfAddress, a.text, e);
    }
  }

  /** The NACL that filters traffic entering and leaving a subnet. */
  naclForSubnet(subnetId: string): Nacl | undefined {
    const explicit = this.naclOfSubnet.get(subnetId);
    if (explicit) return explicit;
    const subnet = this.subnets.get(subnetId);
    return subnet ? this.defaultNaclOfVpc.get(subnet.vpcId) : undefined;
  }

  /**
   * The subnets whose NACL (naclForSubnet) is this one, in snapshot order. Made once for every NACL:
   * asking naclForSubnet of every subnet for each NACL costs NACLs × subnets look-ups.
   */
  subnetsFilteredBy(nacl: Nacl): readonly Subnet[] {
    if (!this.subnetsOfNacl) {
      this.subnetsOfNacl = new Map();
      for (const s of this.snapshot.subnets) {
        const n = this.naclForSubnet(s.id);
        if (n) push(this.subnetsOfNacl, n, s);
      }
    }
    return this.subnetsOfNacl.get(nacl) ?? [];
  }

  private subnetsOfNacl: Map<Nacl, Subnet[]> | undefined;

  enisWithGroup(groupId: string): readonly Eni[] {
    return this.enisOfGroup.get(groupId) ?? [];
  }

  enisWithAddress(address: IpAddress): readonly Eni[] {
    return this.enisOfAddress.get(address.text) ?? [];
  }

  /** Subnets whose CIDR blocks contain the address (one per VPC at most). */
  subnetsContaining(address: IpAddress): Subnet[] {
    return this.snapshot.subnets.filter((s) => s.cidrs.some((c) => cidrContains(c, address)));
  }

  vpcsContaining(address: IpAddress): Vpc[] {
    return this.snapshot.vpcs.filter((v) => v.cidrs.some((c) => cidrContains(c, address)));
  }

  /** Every private address (IPv4 and IPv6) of the ENIs carrying a group: what a group reference matches. */
  memberAddresses(groupId: string): IpAddress[] {
    return this.enisWithGroup(groupId).flatMap((e) => [...e.privateIps, ...e.ipv6s]);
  }

  /** The addresses of one family of the ENIs carrying a group, as a set (made once per group and family). */
  memberSet(groupId: string, family: Family): IntervalSet {
    // One map per family: a key made of family and id was a new string to hash at every call.
    const sets = family === 4 ? this.memberSets4 : this.memberSets6;
    let set = sets.get(groupId);
    if (!set) {
      const values: bigint[] = [];
      for (const e of this.enisWithGroup(groupId)) for (const a of family === 4 ? e.privateIps : e.ipv6s) values.push(a.value);
      set = IntervalSet.fromValues(values);
      sets.set(groupId, set);
    }
    return set;
  }

  private readonly memberSets4 = new Map<string, IntervalSet>();
  private readonly memberSets6 = new Map<string, IntervalSet>();
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
