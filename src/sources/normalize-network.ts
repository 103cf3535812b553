// describe-vpcs / -subnets / -network-interfaces / -instances / prefix-list objects → model objects.
import type { Eni, Instance, PrefixList, Subnet, Vpc } from '../model/snapshot.js';
import { childLocation, itemAt, type SourceLocation } from '../model/source.js';
import type { Cidr, Family, IpAddress } from '../net/address.js';
import { EniGroupReference, SubnetIdReference, type GroupReference, type PrefixListEntries, type Problems, type SubnetReference } from './document-import.js';
import { bool, compact, fitted, int, isObject, items, list, obj, str, tagsOf, text, type Building, type JsonObject } from './fields.js';
import { readCidr, readIpField } from './values.js';

/** Only blocks in use: AWS keeps disassociated ones in the sets for a while. */
function associated(item: JsonObject, stateKey: string): boolean {
  const state = str(obj(item, stateKey), 'State');
  return state === undefined || state === 'associated';
}

function pushCidr(list: Cidr[], c: Cidr | undefined): void {
  if (c && !list.some((x) => x.text === c.text)) list.push(c);
}

export function normalizeVpc(o: JsonObject, at: SourceLocation, problems: Problems, region?: string): Vpc | undefined {
  if (problems.invalid(at)) return undefined;
  const cidrs: Cidr[] = [];
  const primary = text(o, 'CidrBlock');
  if (primary !== undefined) pushCidr(cidrs, readCidr(primary, childLocation(at, 'CidrBlock'), 'CidrBlock', problems, 4));
  for (const [a, i] of items(o, 'CidrBlockAssociationSet')) {
    const block = text(a, 'CidrBlock');
    if (block === undefined || block === primary || !associated(a, 'CidrBlockState')) continue;
    pushCidr(cidrs, readCidr(block, childLocation(at, 'CidrBlockAssociationSet', i, 'CidrBlock'), 'CidrBlock', problems, 4));
  }
  pushIpv6Blocks(cidrs, o, at, problems);
  const tags = tagsOf(o.Tags);
  return compact({
    id: str(o, 'VpcId') as string,
    cidrs,
    isDefault: bool(o, 'IsDefault'),
    ownerId: text(o, 'OwnerId'),
    region: text(o, 'Region') ?? region,
    name: tags.Name,
    tags,
    source: at,
  });
}

export function normalizeSubnet(o: JsonObject, at: SourceLocation, problems: Problems): Subnet | undefined {
  if (problems.invalid(at)) return undefined;
  const cidrs: Cidr[] = [];
  const v4 = text(o, 'CidrBlock');
  if (v4 !== undefined) pushCidr(cidrs, readCidr(v4, childLocation(at, 'CidrBlock'), 'CidrBlock', problems, 4));
  pushIpv6Blocks(cidrs, o, at, problems);
  const tags = tagsOf(o.Tags);
  return compact({
    id: str(o, 'SubnetId') as string,
    vpcId: str(o, 'VpcId') as string,
    cidrs,
    availabilityZone: text(o, 'AvailabilityZone'),
    name: tags.Name,
    tags,
    source: at,
  });
}

export interface EniRefs {
  readonly subnets: SubnetReference[];
  readonly groups: GroupReference[];
}

/**
 * A network interface from describe-network-interfaces, or from an instance's `NetworkInterfaces` (then
 * `instanceId` is the instance's).
 */
export function normalizeEni(o: JsonObject, at: SourceLocation, problems: Problems, refs: EniRefs, instanceId?: string): Eni | undefined {
  if (problems.invalid(at)) return undefined;
  const id = str(o, 'NetworkInterfaceId') as string;
  const privateIps: IpAddress[] = [];
  // The top-level PrivateIpAddress is the primary; the list may come in any order: its primaries come first.
  const primary = text(o, 'PrivateIpAddress');
  if (primary !== undefined) addIp(privateIps, readIpField(primary, at, 'PrivateIpAddress', 'PrivateIpAddress', problems));
  const listed = list(o, 'PrivateIpAddresses');
  for (const primaries of PRIMARIES_FIRST) {
    for (let i = 0; i < listed.length; i++) {
      const a = listed[i];
      if (!isObject(a) || (bool(a, 'Primary') === true) !== primaries) continue;
      const address = text(a, 'PrivateIpAddress');
      if (address !== undefined && address !== primary) addIp(privateIps, readIpField(address, itemAt(at, 'PrivateIpAddresses', i), 'PrivateIpAddress', 'PrivateIpAddress', problems));
    }
  }
  const ipv6s: IpAddress[] = [];
  const v6 = list(o, 'Ipv6Addresses');
  for (let i = 0; i < v6.length; i++) {
    const a = v6[i];
    const address = isObject(a) ? text(a, 'Ipv6Address') : undefined;
    if (address !== undefined) addIp(ipv6s, readIpField(address, itemAt(at, 'Ipv6Addresses', i), 'Ipv6Address', 'Ipv6Address', problems));
  }
  const groupIds: string[] = [];
  const groups = list(o, 'Groups');
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const groupId = isObject(g) ? str(g, 'GroupId') : undefined;
    if (groupId === undefined) continue;
    if (!groupIds.includes(groupId)) groupIds.push(groupId);
    refs.groups.push(new EniGroupReference(at, id, groupId, i));
  }
  const subnetId = text(o, 'SubnetId');
  if (subnetId !== undefined) refs.subnets.push(new SubnetIdReference(at, id, subnetId));
  const attachment = obj(o, 'Attachment');
  const tags = tagsOf(o.TagSet ?? o.Tags);
  // Built field by field in the model's order (as compact would), with named stores: ENIs come by the thousand.
  const eni = { id } as Building<Eni>;
  if (subnetId !== undefined) eni.subnetId = subnetId;
  const vpcId = text(o, 'VpcId');
  if (vpcId !== undefined) eni.vpcId = vpcId;
  eni.privateIps = fitted(privateIps);
  eni.ipv6s = fitted(ipv6s);
  eni.groupIds = fitted(groupIds);
  const interfaceType = text(o, 'InterfaceType');
  if (interfaceType !== undefined) eni.interfaceType = interfaceType;
  const description = text(o, 'Description');
  if (description !== undefined) eni.description = description;
  const requesterManaged = bool(o, 'RequesterManaged');
  if (requesterManaged !== undefined) eni.requesterManaged = requesterManaged;
  const attachedTo = instanceId ?? text(attachment, 'InstanceId');
  if (attachedTo !== undefined) eni.instanceId = attachedTo;
  const deviceIndex = int(attachment, 'DeviceIndex');
  if (deviceIndex !== undefined) eni.deviceIndex = deviceIndex;
  if (tags.Name !== undefined) eni.name = tags.Name;
  eni.tags = tags;
  eni.source = at;
  return eni;
}

const PRIMARIES_FIRST = [true, false];

function addIp(list: IpAddress[], ip: IpAddress | undefined): void {
  if (ip && !list.some((x) => x.value === ip.value)) list.push(ip);
}

/** An instance and its interfaces (none for a terminated instance). */
export function normalizeInstance(o: JsonObject, at: SourceLocation, problems: Problems, refs: EniRefs): { instance: Instance; enis: Eni[] } | undefined {
  // Interfaces are checked even when the instance itself is malformed, so one run reports every problem.
  const malformed = problems.invalid(at, ['NetworkInterfaces']);
  const id = str(o, 'InstanceId') ?? '';
  const enis: Eni[] = [];
  const nics = list(o, 'NetworkInterfaces');
  for (let i = 0; i < nics.length; i++) {
    const n = nics[i];
    if (!isObject(n)) continue;
    const eni = normalizeEni(n, itemAt(at, 'NetworkInterfaces', i), problems, malformed ? { subnets: [], groups: [] } : refs, id);
    if (eni !== undefined) enis.push(eni);
  }
  if (malformed) return undefined;
  const byDevice = [...enis].sort((a, b) => (a.deviceIndex ?? Infinity) - (b.deviceIndex ?? Infinity));
  const tags = tagsOf(o.Tags);
  const instance = compact({
    id,
    eniIds: byDevice.map((e) => e.id),
    platform: text(o, 'Platform'),
    platformDetails: text(o, 'PlatformDetails'),
    state: text(obj(o, 'State'), 'Name'),
    name: tags.Name,
    tags,
    source: at,
  });
  return { instance, enis };
}

/** describe-managed-prefix-lists (no entries: cidrs unknown) or describe-prefix-lists (`Cidrs` inline). */
export function normalizePrefixList(o: JsonObject, at: SourceLocation, problems: Problems): PrefixList | undefined {
  if (problems.invalid(at)) return undefined;
  let cidrs: Cidr[] | undefined;
  if (Array.isArray(o.Cidrs)) {
    cidrs = [];
    o.Cidrs.forEach((c, i) => {
      if (typeof c === 'string') pushCidr(cidrs as Cidr[], readCidr(c, childLocation(at, 'Cidrs', i), 'Cidrs item', problems));
    });
  }
  const af = str(o, 'AddressFamily')?.toLowerCase();
  const family: Family | undefined = af === 'ipv4' ? 4 : af === 'ipv6' ? 6 : cidrs?.[0]?.family;
  return compact({
    id: str(o, 'PrefixListId') as string,
    name: text(o, 'PrefixListName'),
    cidrs,
    maxEntries: int(o, 'MaxEntries'),
    family,
    source: at,
  });
}

/** get-managed-prefix-list-entries `Entries` for list `id`; `at` points at the Entries array. */
export function normalizePrefixListEntries(list: unknown, id: string, at: SourceLocation, problems: Problems): PrefixListEntries {
  const cidrs: Cidr[] = [];
  if (Array.isArray(list)) {
    list.forEach((entry, i) => {
      const where = childLocation(at, i);
      const cidr = str(entry as JsonObject, 'Cidr');
      if (problems.invalid(where) || cidr === undefined) return;
      pushCidr(cidrs, readCidr(cidr, childLocation(where, 'Cidr'), 'Cidr', problems));
    });
  }
  return { id, cidrs, source: at };
}

/** The associated IPv6 blocks of a VPC or subnet (Ipv6CidrBlockAssociationSet, the same shape on both). */
function pushIpv6Blocks(cidrs: Cidr[], o: JsonObject, at: SourceLocation, problems: Problems): void {
  for (const [a, i] of items(o, 'Ipv6CidrBlockAssociationSet')) {
    const block = text(a, 'Ipv6CidrBlock');
    if (block === undefined || !associated(a, 'Ipv6CidrBlockState')) continue;
    pushCidr(cidrs, readCidr(block, childLocation(at, 'Ipv6CidrBlockAssociationSet', i, 'Ipv6CidrBlock'), 'Ipv6CidrBlock', problems, 6));
  }
}
