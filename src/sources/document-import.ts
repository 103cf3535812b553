// What one input document yields before documents are merged: model objects plus the cross-references
// the merge step checks (kept with their own locations so problems point at the exact field).
import type { InputProblem } from '../model/errors.js';
import type { Eni, Instance, Nacl, PrefixList, SecurityGroup, SgRule, SnapshotMetadata, Subnet, Vpc } from '../model/snapshot.js';
import { childAt, childLocation, type SourceLocation } from '../model/source.js';
import type { Cidr } from '../net/address.js';

export interface SubnetReference {
  /** The object holding the reference (a NACL or an ENI); rows count only while that object is kept. */
  readonly owner: SourceLocation;
  readonly ownerId: string;
  readonly subnetId: string;
  readonly source: SourceLocation;
}

export interface GroupReference {
  readonly owner: SourceLocation;
  readonly eniId: string;
  readonly groupId: string;
  readonly source: SourceLocation;
}

// References are many and problems few: the location of a reference is built only when a problem names it.

/** The `SubnetId` of an ENI (`…/SubnetId`) or of a NACL's association (`…/Associations/3/SubnetId`). */
export class SubnetIdReference implements SubnetReference {
  constructor(
    readonly owner: SourceLocation,
    readonly ownerId: string,
    readonly subnetId: string,
    private readonly association?: number,
  ) {}

  get source(): SourceLocation {
    return this.association === undefined ? childAt(this.owner, 'SubnetId') : childLocation(this.owner, 'Associations', this.association, 'SubnetId');
  }
}

/** The `GroupId` of an ENI's Groups item (`…/Groups/1/GroupId`). */
export class EniGroupReference implements GroupReference {
  constructor(
    readonly owner: SourceLocation,
    readonly eniId: string,
    readonly groupId: string,
    private readonly index: number,
  ) {}

  get source(): SourceLocation {
    return childLocation(this.owner, 'Groups', this.index, 'GroupId');
  }
}

/** A describe-security-group-rules item, normalized. */
export interface GroupRuleRecord {
  readonly rule: SgRule;
  readonly groupOwnerId?: string;
}

/** get-managed-prefix-list-entries for one list. */
export interface PrefixListEntries {
  readonly id: string;
  readonly cidrs: readonly Cidr[];
  readonly source: SourceLocation;
}

export interface RouteTableRecord {
  readonly id?: string;
  readonly value: unknown;
  readonly source: SourceLocation;
}

export interface DocumentImport {
  readonly file: string;
  readonly vpcs: Vpc[];
  readonly subnets: Subnet[];
  readonly nacls: Nacl[];
  readonly securityGroups: SecurityGroup[];
  readonly groupRules: GroupRuleRecord[];
  /** From describe-network-interfaces. */
  readonly enis: Eni[];
  /** From instances' NetworkInterfaces (describe-network-interfaces wins over these). */
  readonly instanceEnis: Eni[];
  readonly instances: Instance[];
  readonly prefixLists: PrefixList[];
  readonly prefixListEntries: PrefixListEntries[];
  readonly routeTables: RouteTableRecord[];
  readonly naclSubnets: SubnetReference[];
  readonly eniSubnets: SubnetReference[];
  readonly eniGroups: GroupReference[];
  metadata?: SnapshotMetadata;
}

export function emptyImport(file: string): DocumentImport {
  return {
    file,
    vpcs: [],
    subnets: [],
    nacls: [],
    securityGroups: [],
    groupRules: [],
    enis: [],
    instanceEnis: [],
    instances: [],
    prefixLists: [],
    prefixListEntries: [],
    routeTables: [],
    naclSubnets: [],
    eniSubnets: [],
    eniGroups: [],
  };
}

/** Collects problems; knows where the schema already failed so normalizers skip those objects. */
export class Problems {
  readonly list: InputProblem[] = [];
  private readonly schemaErrors: readonly string[];

  constructor(schemaProblems: readonly InputProblem[] = []) {
    this.list.push(...schemaProblems);
    this.schemaErrors = schemaProblems.map((p) => p.pointer ?? '');
  }

  add(at: SourceLocation, message: string): void {
    this.list.push({ file: at.file, pointer: at.pointer, message });
  }

  /** The schema reported something at or under `at`, not counting what lies under the `except` children. */
  invalid(at: SourceLocation, except: readonly string[] = []): boolean {
    if (this.schemaErrors.length === 0) return false;
    const base = at.pointer;
    return this.schemaErrors.some(
      (p) => (p === base || p.startsWith(base + '/')) && !except.some((c) => p.startsWith(`${base}/${c}/`) || p === `${base}/${c}`),
    );
  }

  /** invalid() of the child `key` of `at`; its location is built only when the schema reported anything. */
  invalidChild(at: SourceLocation, key: string | number): boolean {
    return this.schemaErrors.length !== 0 && this.invalid(childAt(at, key));
  }
}
