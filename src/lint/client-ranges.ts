/**
 * The client port range a service's replies go to: from the settings, else inferred from the clients'
 * interfaces (the widest range wins), else any client (1024-65535). Answers are memoised per lint run.
 */
import type { Family, IpAddress } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { Eni, Subnet } from '../model/snapshot.js';
import { CLIENT_PORT_PROFILES, inferClientPorts } from '../engine/client-ports.js';
import type { ClientPortChoice } from '../engine/types.js';
import { describeAddresses } from './address-sets.js';
import { enisInSubnets, subnetAddresses } from './nacl-scope.js';
import type { LintContext } from './types.js';

const ANY = CLIENT_PORT_PROFILES.any!;

function anyClients(reason: string): ClientPortChoice {
  return { range: ANY, profile: 'any', reason };
}

const clientsOfEni = new WeakMap<LintContext, Map<Eni, ClientPortChoice>>();

function eniClients(ctx: LintContext, eni: Eni): ClientPortChoice {
  let memo = clientsOfEni.get(ctx);
  if (!memo) clientsOfEni.set(ctx, (memo = new Map()));
  let choice = memo.get(eni);
  if (!choice) memo.set(eni, (choice = eniClientsUncached(ctx, eni)));
  return choice;
}

function eniClientsUncached(ctx: LintContext, eni: Eni): ClientPortChoice {
  const given = ctx.settings.clientPortsFor({ ...(eni.subnetId ? { subnetId: eni.subnetId } : {}), eniId: eni.id, tags: eni.tags });
  if (given) return given;
  return inferClientPorts({ eni, ...(eni.instanceId && ctx.index.instances.get(eni.instanceId) ? { instance: ctx.index.instances.get(eni.instanceId)! } : {}) });
}

function subnetClients(ctx: LintContext, subnet: Subnet | undefined, subnetId: string): ClientPortChoice {
  return (
    ctx.settings.clientPortsFor({ subnetId, tags: subnet?.tags ?? {} }) ??
    anyClients(`no interface of ${subnetId} in the snapshot tells who the clients are: any client (1024-65535), AWS's advice for unknown clients`)
  );
}

/**
 * The widest range wins: one range that holds all others is used as it is; ranges that do not nest
 * (Linux 32768-60999 and Windows 49152-65535) give the range spanning them all, so every client counts.
 */
export function widestClients(choices: readonly ClientPortChoice[], where: string): ClientPortChoice {
  if (choices.length === 0) return anyClients(`nothing in the snapshot tells who the clients in ${where} are: any client (1024-65535), AWS's advice for unknown clients`);
  const lo = Math.min(...choices.map((c) => c.range[0]));
  const hi = Math.max(...choices.map((c) => c.range[1]));
  const distinct = [...new Map(choices.map((c) => [`${c.range[0]}-${c.range[1]}`, c])).values()];
  if (distinct.length === 1) return distinct[0]!;
  const covering = distinct.find((c) => c.range[0] === lo && c.range[1] === hi);
  if (covering) return { ...covering, reason: `${covering.reason} (the widest client range in ${where})` };
  const parts = distinct.map((c) => `${c.profile} ${c.range[0]}-${c.range[1]}`).join(', ');
  return { range: [lo, hi], profile: 'mixed', reason: `the clients in ${where} use different ranges (${parts}): ${lo}-${hi} spans them all` };
}

/** The clients are the NACL's own subnets (an outbound service). */
export function ownClients(ctx: LintContext, subnetIds: readonly string[], enis: readonly Eni[]): ClientPortChoice {
  const where = subnetIds.length > 0 ? subnetIds.join(', ') : 'the subnets using this NACL';
  if (enis.length > 0) return widestClients(enis.map((e) => eniClients(ctx, e)), where);
  if (subnetIds.length > 0) return widestClients(subnetIds.map((id) => subnetClients(ctx, ctx.index.subnets.get(id), id)), where);
  return ctx.settings.clientPortsFor({}) ?? anyClients('the NACL serves no subnet in the snapshot: any client (1024-65535), AWS\'s advice for unknown clients');
}

const clientsOfPeers = new WeakMap<LintContext, Map<string, ClientPortChoice>>();

/** The clients are the peers of an inbound service: known subnets tell who they are, else anyone. */
export function peerClients(ctx: LintContext, family: Family, peers: IntervalSet): ClientPortChoice {
  // Services of many NACLs name the same peers (a VPC, 0.0.0.0/0): answer each set of peers once.
  let memo = clientsOfPeers.get(ctx);
  if (!memo) clientsOfPeers.set(ctx, (memo = new Map()));
  const key = `${family}|${peers.bounds.join(',')}`;
  let choice = memo.get(key);
  if (!choice) memo.set(key, (choice = peerClientsUncached(ctx, family, peers)));
  return choice;
}

function peerClientsUncached(ctx: LintContext, family: Family, peers: IntervalSet): ClientPortChoice {
  // The subnets that meet the peers cover them exactly when all subnets do: the others add nothing there.
  // Asked first, so that peers such as 0.0.0.0/0 minus a few blocks never list a thousand subnets.
  if (!peers.isEmpty() && subnetIndex(ctx, family).all.covers(peers)) {
    const subnets = subnetsOverlapping(ctx, family, peers).map((s) => s.subnet);
    const isPeer = (a: IpAddress) => a.family === family && peers.has(a.value);
    const choices: ClientPortChoice[] = [];
    for (const s of subnets) {
      const enis = enisInSubnets(ctx.index, [s.id]).filter((e) => e.privateIps.some(isPeer) || e.ipv6s.some(isPeer));
      if (enis.length > 0) choices.push(...enis.map((e) => eniClients(ctx, e)));
      else choices.push(subnetClients(ctx, s, s.id));
    }
    return widestClients(choices, subnets.map((s) => s.id).join(', '));
  }
  return (
    ctx.settings.clientPortsFor({}) ??
    anyClients(`the clients (${describeAddresses(family, peers)}) are not interfaces of the snapshot: any client (1024-65535), AWS's advice for unknown clients`)
  );
}

interface SubnetAddresses {
  readonly subnet: Subnet;
  readonly addresses: IntervalSet;
  /** Position in the snapshot: answers list subnets in snapshot order. */
  readonly order: number;
}

/**
 * The subnets' address intervals sorted by their start, with the running maximum of their ends: the
 * intervals that meet [lo, hi] are those starting at or before hi, back to the last whose running maximum
 * end reaches lo. A thousand subnets scanned for every distinct set of peers cost more than the rest of
 * the client-range question.
 */
interface SubnetIndex {
  readonly starts: readonly (bigint | number)[];
  readonly maxEnds: readonly (bigint | number)[];
  readonly owners: readonly SubnetAddresses[];
  /** Every address of a subnet of the family. */
  readonly all: IntervalSet;
}

const subnetIndexOf = new WeakMap<LintContext, Map<Family, SubnetIndex>>();

/** The subnets (in snapshot order) whose addresses in the family overlap the peers (exported for its test). */
export function subnetsOverlapping(ctx: LintContext, family: Family, peers: IntervalSet): SubnetAddresses[] {
  const index = subnetIndex(ctx, family);
  const found = new Set<SubnetAddresses>();
  const b = peers.bounds;
  for (let k = 0; k < b.length; k += 2) {
    const lo = b[k]!;
    const hi = b[k + 1]!;
    // The first interval starting after hi; every candidate comes before it.
    let first = 0;
    let last = index.starts.length;
    while (first < last) {
      const mid = (first + last) >> 1;
      if (index.starts[mid]! <= hi) first = mid + 1;
      else last = mid;
    }
    for (let i = first - 1; i >= 0 && index.maxEnds[i]! >= lo; i--) found.add(index.owners[i]!);
  }
  return [...found].filter((s) => s.addresses.overlaps(peers)).sort((x, y) => x.order - y.order);
}

function subnetIndex(ctx: LintContext, family: Family): SubnetIndex {
  let memo = subnetIndexOf.get(ctx);
  if (!memo) subnetIndexOf.set(ctx, (memo = new Map()));
  let index = memo.get(family);
  if (!index) {
    const entries: { start: bigint | number; end: bigint | number; owner: SubnetAddresses }[] = [];
    ctx.snapshot.subnets.forEach((subnet, order) => {
      const addresses = subnetAddresses(ctx.index, subnet.id, family);
      if (addresses.isEmpty()) return;
      const owner = { subnet, addresses, order };
      const b = owner.addresses.bounds;
      for (let k = 0; k < b.length; k += 2) entries.push({ start: b[k]!, end: b[k + 1]!, owner });
    });
    entries.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
    const maxEnds: (bigint | number)[] = [];
    for (const e of entries) maxEnds.push(maxEnds.length === 0 || e.end > maxEnds[maxEnds.length - 1]! ? e.end : maxEnds[maxEnds.length - 1]!);
    index = { starts: entries.map((e) => e.start), maxEnds, owners: entries.map((e) => e.owner), all: IntervalSet.unionAll(entries.map((e) => e.owner.addresses)) };
    memo.set(family, index);
  }
  return index;
}
