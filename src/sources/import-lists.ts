// Lists of EC2 API objects (wherever a format keeps them) → one DocumentImport. Shared by the AWS CLI,
// np-guard and synack snapshot readers: the objects are the same, only their places differ.
import { childAt, type SourceLocation } from '../model/source.js';
import { emptyImport, type DocumentImport, type Problems } from './document-import.js';
import { isObject, str, type JsonObject } from './fields.js';
import { normalizeNacl } from './normalize-nacl.js';
import { normalizeEni, normalizeInstance, normalizePrefixList, normalizePrefixListEntries, normalizeSubnet, normalizeVpc, type EniRefs } from './normalize-network.js';
import { normalizeGroupRule, normalizeSecurityGroup } from './normalize-sg.js';

export type ListKind =
  | 'Vpcs'
  | 'Subnets'
  | 'NetworkAcls'
  | 'SecurityGroups'
  | 'SecurityGroupRules'
  | 'NetworkInterfaces'
  | 'Instances'
  | 'PrefixLists'
  | 'RouteTables';

export interface ApiList {
  readonly kind: ListKind;
  /** The array (null or absent reads as empty). */
  readonly value: unknown;
  /** Where the array sits. */
  readonly at: SourceLocation;
}

export interface EntriesList {
  readonly prefixListId: string;
  readonly value: unknown;
  readonly at: SourceLocation;
}

export interface ImportOptions {
  /** Region of the VPCs when the objects do not say (snapshot metadata). */
  readonly region?: string;
}

export function importLists(file: string, lists: readonly ApiList[], entries: readonly EntriesList[], problems: Problems, options: ImportOptions = {}): DocumentImport {
  const out = emptyImport(file);
  const eniRefs = { subnets: out.eniSubnets, groups: out.eniGroups };
  for (const { kind, value, at } of lists) {
    if (!Array.isArray(value)) continue;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isObject(item)) addObject(out, kind, item, childAt(at, i), problems, eniRefs, options); // else the schema reported it
    }
  }
  for (const e of entries) out.prefixListEntries.push(normalizePrefixListEntries(e.value, e.prefixListId, e.at, problems));
  return out;
}

function addObject(out: DocumentImport, kind: ListKind, o: JsonObject, at: SourceLocation, problems: Problems, eniRefs: EniRefs, options: ImportOptions): void {
  switch (kind) {
    case 'Vpcs':
      return pushDefined(out.vpcs, normalizeVpc(o, at, problems, options.region));
    case 'Subnets':
      return pushDefined(out.subnets, normalizeSubnet(o, at, problems));
    case 'NetworkAcls':
      return pushDefined(out.nacls, normalizeNacl(o, at, problems, out.naclSubnets));
    case 'SecurityGroups':
      return pushDefined(out.securityGroups, normalizeSecurityGroup(o, at, problems));
    case 'SecurityGroupRules':
      return pushDefined(out.groupRules, normalizeGroupRule(o, at, problems));
    case 'NetworkInterfaces':
      return pushDefined(out.enis, normalizeEni(o, at, problems, eniRefs));
    case 'Instances': {
      const r = normalizeInstance(o, at, problems, eniRefs);
      if (r) {
        out.instances.push(r.instance);
        out.instanceEnis.push(...r.enis);
      }
      return;
    }
    case 'PrefixLists':
      return pushDefined(out.prefixLists, normalizePrefixList(o, at, problems));
    case 'RouteTables':
      out.routeTables.push({ id: str(o, 'RouteTableId'), value: o, source: at });
      return;
  }
}

function pushDefined<T>(list: T[], value: T | undefined): void {
  if (value !== undefined) list.push(value);
}
