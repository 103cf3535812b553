import { parseIp, type Family, type IpAddress } from '../net/address.js';
import { InputError } from '../model/errors.js';
import type { Eni, Instance, Subnet } from '../model/snapshot.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import type { EndpointKind, EndpointSummary } from './types.js';
import { unfilteredService } from './unfiltered.js';

/** A reference resolved to what it names, before the flow's address family is chosen. */
export interface EndpointTarget {
  readonly ref: string;
  readonly eni?: Eni;
  readonly instance?: Instance;
  /** Set when the user gave an address. */
  readonly address?: IpAddress;
  readonly resolution?: string;
}

/** A resolved endpoint with the one address the flow uses. */
export interface Endpoint {
  readonly kind: EndpointKind;
  readonly address: IpAddress;
  readonly eni?: Eni;
  readonly instance?: Instance;
  readonly subnet?: Subnet;
  /** For `amazon-service`: which service. */
  readonly service?: string;
  readonly summary: EndpointSummary;
}

/**
 * Resolves `eni-…`, `i-…`, a private IP owned by an ENI, an address outside the snapshot or a unique
 * `Name` tag. Ids are opaque (exporters anonymise them), so ids are looked up as they are, before anything
 * else. Ambiguity is an error that lists the candidates.
 */
export function resolveTarget(index: SnapshotIndex, ref: string, flag: string): EndpointTarget {
  const fail = (message: string): never => {
    throw new InputError([{ file: flag, message }]);
  };
  const trimmed = ref.trim();
  if (trimmed === '') fail('expected an ENI id, instance id, IP address or Name tag, got an empty value');

  const eni = index.enis.get(trimmed);
  if (eni) return { ref, eni, instance: eni.instanceId ? index.instances.get(eni.instanceId) : undefined };

  const instance = index.instances.get(trimmed);
  if (instance) return { ref, ...primaryInterface(index, instance, fail) };

  const parsed = parseIp(trimmed);
  if (parsed.ok) {
    const owners = index.enisWithAddress(parsed.value);
    if (owners.length > 1) {
      fail(`${trimmed} is ambiguous: it is an address of ${owners.map((e) => `${e.id} (${e.vpcId ?? 'unknown VPC'})`).join(', ')}; name the interface instead`);
    }
    const owner = owners[0];
    if (owner) {
      return { ref, eni: owner, instance: owner.instanceId ? index.instances.get(owner.instanceId) : undefined, address: parsed.value, resolution: `${trimmed} belongs to ${owner.id}` };
    }
    return { ref, address: parsed.value };
  }
  if (trimmed.includes('/')) fail(`expected a single address, not a CIDR block: ${trimmed}`);

  const candidates = new Map<string, { eni: Eni; instance?: Instance; label: string }>();
  for (const i of index.snapshot.instances) {
    if (i.tags.Name !== trimmed) continue;
    const eniIds = i.eniIds.filter((id) => index.enis.has(id));
    if (eniIds.length === 0) continue; // a terminated instance is never a candidate
    const { eni: primary } = primaryInterface(index, i, fail);
    if (primary) candidates.set(primary.id, { eni: primary, instance: i, label: `instance ${i.id} (${primary.id})` });
  }
  for (const e of index.snapshot.enis) {
    if (e.tags.Name !== trimmed || candidates.has(e.id)) continue;
    candidates.set(e.id, { eni: e, instance: e.instanceId ? index.instances.get(e.instanceId) : undefined, label: `interface ${e.id}` });
  }
  const found = [...candidates.values()];
  if (found.length > 1) fail(`Name tag ${JSON.stringify(trimmed)} is ambiguous: ${found.map((c) => c.label).join(', ')}; use an id instead`);
  const only = found[0];
  if (only) return { ref, eni: only.eni, instance: only.instance, resolution: `Name tag ${JSON.stringify(trimmed)} → ${only.label}` };
  return fail(`nothing in the snapshot is named ${JSON.stringify(trimmed)}: expected an ENI id, instance id, IP address or unique Name tag`);
}

function primaryInterface(index: SnapshotIndex, instance: Instance, fail: (m: string) => never): { eni?: Eni; instance: Instance; resolution: string } {
  const enis = instance.eniIds.map((id) => index.enis.get(id)).filter((e): e is Eni => e !== undefined);
  if (enis.length === 0) fail(`instance ${instance.id} has no network interface in the snapshot${instance.state ? ` (state ${instance.state})` : ''}`);
  const primary = enis.length === 1 ? enis[0] : enis.find((e) => e.deviceIndex === 0);
  if (!primary) fail(`instance ${instance.id} has several interfaces and none is marked primary: ${enis.map((e) => e.id).join(', ')}; name one`);
  return { eni: primary!, instance, resolution: `instance ${instance.id} → ${enis.length === 1 ? 'its interface' : 'primary interface'} ${primary!.id}` };
}

/**
 * Chooses the address family both ends share (IPv4 first) and the address each end uses, then classifies
 * the endpoint: an ENI of the snapshot, an address inside a known subnet that no ENI owns, an AWS service
 * that the rules never filter, or an external peer.
 */
export function resolveEndpoints(index: SnapshotIndex, from: EndpointTarget, to: EndpointTarget): { from: Endpoint; to: Endpoint } {
  const families = (t: EndpointTarget): Family[] => {
    if (t.address) return [t.address.family];
    const out: Family[] = [];
    if (t.eni?.privateIps.length) out.push(4);
    if (t.eni?.ipv6s.length) out.push(6);
    return out;
  };
  const shared = ([4, 6] as const).find((f) => families(from).includes(f) && families(to).includes(f));
  if (shared === undefined) {
    const describe = (t: EndpointTarget) => `${t.ref} has ${families(t).map((f) => `IPv${f}`).join(' and ') || 'no address'}`;
    throw new InputError([{ file: '--from/--to', message: `the endpoints share no address family: ${describe(from)}, ${describe(to)}` }]);
  }
  return { from: toEndpoint(index, from, shared, false), to: toEndpoint(index, to, shared, true) };
}

function toEndpoint(index: SnapshotIndex, target: EndpointTarget, family: Family, isDestination: boolean): Endpoint {
  const address = target.address ?? (family === 4 ? target.eni!.privateIps[0]! : target.eni!.ipv6s[0]!);
  const base = { ref: target.ref, address: address.text, resolution: target.resolution };
  if (target.eni) {
    const eni = target.eni;
    const subnet = eni.subnetId ? index.subnets.get(eni.subnetId) : undefined;
    return {
      kind: 'eni',
      address,
      eni,
      instance: target.instance,
      subnet,
      summary: clean({ ...base, kind: 'eni', eniId: eni.id, instanceId: eni.instanceId, subnetId: eni.subnetId, vpcId: eni.vpcId ?? subnet?.vpcId, groupIds: eni.groupIds, name: target.instance?.name ?? eni.name }),
    };
  }
  const service = isDestination ? unfilteredService(index, address) : undefined;
  if (service) {
    return { kind: 'amazon-service', address, service, summary: clean({ ...base, kind: 'amazon-service', name: service }) };
  }
  const subnets = index.subnetsContaining(address);
  if (subnets.length > 1) {
    throw new InputError([{ file: isDestination ? '--to' : '--from', message: `${address.text} lies in several subnets of different VPCs (${subnets.map((s) => `${s.id} in ${s.vpcId}`).join(', ')}); name an interface instead` }]);
  }
  const subnet = subnets[0];
  if (subnet) {
    return {
      kind: 'address-in-subnet',
      address,
      subnet,
      summary: clean({ ...base, kind: 'address-in-subnet', subnetId: subnet.id, vpcId: subnet.vpcId, resolution: `${address.text} is in ${subnet.id}; no interface in the snapshot owns it` }),
    };
  }
  return { kind: 'external', address, summary: clean({ ...base, kind: 'external', resolution: `${address.text} is outside every subnet of the snapshot` }) };
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
