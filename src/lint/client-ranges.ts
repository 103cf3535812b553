/**
 * The client port range a service's replies go to: from the settings, else inferred from the clients'
 * interfaces (the widest range wins), else any client (1024-65535). Answers are memoised per lint run.
 */
import { cidrSet, type Family, type IpAddress } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { Eni, Subnet } from '../model/snapshot.js';
import { CLIENT_PORT_PROFILES, inferClientPorts } from '../engine/client-ports.js';
import type { ClientPortChoice } from '../engine/types.js';
import { describeAddresses } from './address-sets.js';
import { enisInSubnets } from './nacl-scope.js';
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
  const subnets: Subnet[] = [];
  const blocks: IntervalSet[] = [];
  for (const { subnet, addresses } of subnetAddresses(ctx, family)) {
    if (!addresses.overlaps(peers)) continue;
    subnets.push(subnet);
    blocks.push(addresses);
  }
  if (subnets.length > 0 && IntervalSet.unionAll(blocks).covers(peers)) {
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

const subnetAddressesOf = new WeakMap<LintContext, Map<Family, readonly { subnet: Subnet; addresses: IntervalSet }[]>>();

/** Each subnet's addresses in a family, made once per lint run: every distinct set of peers scans them. */
function subnetAddresses(ctx: LintContext, family: Family): readonly { subnet: Subnet; addresses: IntervalSet }[] {
  let memo = subnetAddressesOf.get(ctx);
  if (!memo) subnetAddressesOf.set(ctx, (memo = new Map()));
  let list = memo.get(family);
  if (!list) {
    list = ctx.snapshot.subnets.flatMap((subnet) => {
      const cidrs = subnet.cidrs.filter((c) => c.family === family);
      return cidrs.length === 0 ? [] : [{ subnet, addresses: IntervalSet.unionAll(cidrs.map(cidrSet)) }];
    });
    memo.set(family, list);
  }
  return list;
}
