// describe-vpcs / -subnets / -network-interfaces / -instances / prefix-list objects → model objects.
import type { Eni, Instance, PrefixList, Subnet, Vpc } from '../model/snapshot.js';
import { childLocation, type SourceLocation } from '../model/source.js';
import type { Cidr, Family, IpAddress } from '../net/address.js';
import type { GroupReference, PrefixListEntries, Problems, SubnetReference } from './document-import.js';
import { bool, compact, int, items, obj, str, tagsOf, text, type JsonObject } from './fields.js';
import { readCidr, readIp } from './values.js';

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
  const add = (list: IpAddress[], ip: IpAddress | undefined): void => {
    if (ip && !list.some((x) => x.value === ip.value)) list.push(ip);
  };
  // The top-level PrivateIpAddress is the primary; the list may come in any order.
  const primary = text(o, 'PrivateIpAddress');
  if (primary !== undefined) add(privateIps, readIp(primary, childLocation(at, 'PrivateIpAddress'), 'PrivateIpAddress', problems));
  const listed = items(o, 'PrivateIpAddresses').sort(([a], [b]) => Number(bool(b, 'Primary') ?? false) - Number(bool(a, 'Primary') ?? false));
  for (const [a, i] of listed) {
    const address = text(a, 'PrivateIpAddress');
    if (address !== undefined && address !== primary) {
      add(privateIps, readIp(address, childLocation(at, 'PrivateIpAddresses', i, 'PrivateIpAddress'), 'PrivateIpAddress', problems));
    }
  }
  const ipv6s: IpAddress[] = [];
  for (const [a, i] of items(o, 'Ipv6Addresses')) {
    const address = text(a, 'Ipv6Address');
    if (address !== undefined) add(ipv6s, readIp(address, childLocation(at, 'Ipv6Addresses', i, 'Ipv6Address'), 'Ipv6Address', problems));
  }
  const groupIds: string[] = [];
  for (const [g, i] of items(o, 'Groups')) {
    const groupId = str(g, 'GroupId');
    if (groupId === undefined) continue;
    if (!groupIds.includes(groupId)) groupIds.push(groupId);
    refs.groups.push({ owner: at, eniId: id, groupId, source: childLocation(at, 'Groups', i, 'GroupId') });
  }
  const subnetId = text(o, 'SubnetId');
  if (subnetId !== undefined) refs.subnets.push({ owner: at, ownerId: id, subnetId, source: childLocation(at, 'SubnetId') });
  const attachment = obj(o, 'Attachment');
  const tags = tagsOf(o.TagSet ?? o.Tags);
  return compact({
    id,
    subnetId,
    vpcId: text(o, 'VpcId'),
    privateIps,
    ipv6s,
    groupIds,
    interfaceType: text(o, 'InterfaceType'),
    description: text(o, 'Description'),
    requesterManaged: bool(o, 'RequesterManaged'),
    instanceId: instanceId ?? text(attachment, 'InstanceId'),
    deviceIndex: int(attachment, 'DeviceIndex'),
    name: tags.Name,
    tags,
    source: at,
  });
}

/** An instance and its interfaces (none for a terminated instance). */
export function normalizeInstance(o: JsonObject, at: SourceLocation, problems: Problems, refs: EniRefs): { instance: Instance; enis: Eni[] } | undefined {
  // Interfaces are checked even when the instance itself is malformed, so one run reports every problem.
  const malformed = problems.invalid(at, ['NetworkInterfaces']);
  const id = str(o, 'InstanceId') ?? '';
  const enis = items(o, 'NetworkInterfaces')
    .map(([n, i]) => normalizeEni(n, childLocation(at, 'NetworkInterfaces', i), problems, malformed ? { subnets: [], groups: [] } : refs, id))
    .filter((e): e is Eni => e !== undefined);
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
