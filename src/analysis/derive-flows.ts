/**
 * The flows a pair of snapshots implies, for `synack diff`: every service the rules allow, between
 * representatives of the endpoints no rule can tell apart. Pure: no I/O.
 *
 * Endpoints. An interface present in both snapshots with the same known address is an endpoint (one of a
 * single snapshot is listed apart, one without an address or whose address changes is named in a note).
 * Interfaces fall into classes by what every
 * rule of *both* snapshots can see of them — subnet, security groups, the rule CIDRs (NACL entries, group
 * rules, prefix lists) that contain the address, and the client port range it is assumed to use — so one
 * representative (the smallest id) answers for its class in either snapshot, and a change that moves one
 * interface to another group splits that interface off into a class of its own. A subnet holding no
 * interface in either snapshot is an endpoint too, by one address inside it (NACL-only templates). Peers
 * outside every subnet and VPC of both snapshots are represented by one address per block that the
 * server's rules tell apart (a documentation address such as 203.0.113.10 when the block holds one), the
 * largest blocks first.
 *
 * Services. For each server endpoint and each snapshot: the TCP/UDP port ranges its security groups admit
 * (ingress rules) and its subnet's NACL allows inbound (allow entries that are not return ranges, as in
 * lint/reply-gaps.ts). A range contributes its first port, and the first ports of the pieces the rules of
 * either snapshot cut it into (at most PORTS_PER_RANGE). Protocol -1 rules and return ranges are no service.
 *
 * Peers. For a server and a service port, the peers its groups admit (lint/sg-admission.ts `admittedPeers`,
 * answered over address sets) that its subnet's NACL lets in (or that share its subnet, which the NACL
 * does not see). Every endpoint inside that set is a client; so is one external address per block.
 *
 * Bounds. Flows are counted, not listed: the clients of a server and port are ranges of the endpoints
 * sorted by address, so counting costs a binary search per admitted block whatever the number of flows.
 * Only `limit` flows are built, shared out among the servers (each gets an equal share or all it has, the
 * rest going to the others); within a server, ports take turns, and within a port external peers come
 * first, then the endpoints the "before" allows, then those only the "after" allows (newly opened). The
 * result says how many flows followed from the rules.
 */
import { addressFromValue, cidrSet, parseIp, type Cidr, type Family, type IpAddress } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import { TCP, UDP, protocolName } from '../model/protocol.js';
import type { Eni, Snapshot } from '../model/snapshot.js';
import { SnapshotIndex } from '../model/snapshot-index.js';
import { inferClientPorts } from '../engine/client-ports.js';
import { familyUniverse } from '../engine/match.js';
import { evaluateNacl } from '../engine/nacl.js';
import type { ClientPortChoice, FlowQuery } from '../engine/types.js';
import { fnv1a64 } from '../lint/fingerprint.js';
import { isReturnRange } from '../lint/return-range.js';
import { cells } from '../lint/address-sets.js';
import { admittedPeers } from '../lint/sg-admission.js';
import { defaultSettings, type LintContext, type LintSettings } from '../lint/types.js';
import { ProposedNumbers } from '../lint/proposed-numbers.js';

export type Side = 'before' | 'after';
export const SIDES: readonly Side[] = ['before', 'after'];

/** Default cap on derived flows. */
export const DERIVED_FLOW_LIMIT = 400;
/** At most this many ports stand for one rule's port range. */
export const PORTS_PER_RANGE = 3;
/** At most this many external addresses per server and service. */
export const EXTERNAL_PEERS = 2;

export interface DeriveOptions {
  /** At most this many flows (default DERIVED_FLOW_LIMIT). */
  readonly limit?: number;
  /** Client ranges from the configuration or `--client-ports`; undefined answers let the engine infer. */
  readonly settings?: LintSettings;
}

export type EndpointKind = 'eni' | 'subnet' | 'external';

export interface DerivedFlow {
  readonly query: FlowQuery;
  /** The snapshots whose rules allow the service (before, after or both). */
  readonly allowedIn: readonly Side[];
  readonly clientKind: EndpointKind;
  /** How many interfaces each end stands for (1 for a subnet or external address). */
  readonly represents: { readonly clients: number; readonly servers: number };
}

export interface OneSidedEndpoint {
  readonly kind: 'eni' | 'subnet';
  readonly id: string;
  readonly name?: string;
}

export interface DerivedFlows {
  readonly flows: readonly DerivedFlow[];
  /** Flows found before the cap. */
  readonly candidates: number;
  readonly limit: number;
  /** Interfaces and subnets that exist in one snapshot only (their flows are not compared). */
  readonly onlyIn: { readonly before: readonly OneSidedEndpoint[]; readonly after: readonly OneSidedEndpoint[] };
  readonly notes: readonly string[];
}

interface SideView {
  readonly side: Side;
  readonly snapshot: Snapshot;
  readonly index: SnapshotIndex;
  readonly ctx: LintContext;
}

/** One endpoint standing for a class: an interface (or a subnet without any) present in both snapshots. */
interface Rep {
  readonly kind: 'eni' | 'subnet';
  /** ENI id, or the address text for a subnet. */
  readonly ref: string;
  readonly members: number;
  /** The same in both snapshots (an interface whose address changed is not compared). */
  readonly address: IpAddress;
  /** Per side: the ENI (for kind eni) and the subnet id. */
  readonly at: Readonly<Record<Side, { readonly eni?: Eni; readonly subnetId?: string }>>;
  /** The client range the configuration gives this endpoint as a client (undefined: the engine infers it). */
  readonly clientPorts?: ClientPortChoice;
}

/** One service port of one server, with the peers each snapshot admits. */
interface PortPlan {
  readonly protocol: number;
  readonly port: number;
  readonly admitted: Readonly<Record<Side, IntervalSet>>;
  /** Client endpoints (indices into the family's sorted list) admitted by either side, the server excluded. */
  readonly clients: number;
  readonly externals: readonly { readonly address: IpAddress; readonly sides: readonly Side[] }[];
}

interface ServerPlan {
  readonly rep: Rep;
  readonly ports: readonly PortPlan[];
  readonly count: number;
}

/** The client endpoints of one address family, sorted by address: a set of addresses selects ranges of it. */
interface ClientIndex {
  readonly values: readonly bigint[];
  readonly reps: readonly Rep[];
}

const PREFERRED_EXTERNAL: Readonly<Record<Family, readonly string[]>> = {
  4: ['203.0.113.10', '198.51.100.10', '192.0.2.10'],
  6: ['2001:db8::10'],
};

export function deriveFlows(before: Snapshot, after: Snapshot, options: DeriveOptions = {}): DerivedFlows {
  const settings = options.settings ?? defaultSettings();
  const limit = Math.max(0, options.limit ?? DERIVED_FLOW_LIMIT);
  const views: Record<Side, SideView> = {
    before: view('before', before, settings),
    after: view('after', after, settings),
  };
  const notes: string[] = [];
  const { reps, onlyIn, unaddressed, readdressed } = endpoints(views, settings);
  if (unaddressed.length > 0) {
    notes.push(
      `${plural(unaddressed.length, 'interface')} without a known address (assigned at apply) cannot be traced: ${listText(unaddressed)}; set their private IP to include them, or name their flows in --flows.`,
    );
  }
  if (readdressed.length > 0) notes.push(`${plural(readdressed.length, 'interface')} whose address changes ${readdressed.length === 1 ? 'is' : 'are'} not compared: ${listText(readdressed)}.`);

  const index: Record<Family, ClientIndex> = { 4: clientIndex(reps, 4), 6: clientIndex(reps, 6) };
  const known = knownSpace(views);
  const plans: ServerPlan[] = [];
  for (const server of reps) {
    const ports: PortPlan[] = [];
    let blocks: IntervalSet[] | undefined;
    for (const { protocol, port, sides } of servicesOf(views, server)) {
      const family = server.address.family;
      const admitted = { before: IntervalSet.EMPTY, after: IntervalSet.EMPTY };
      for (const side of sides) admitted[side] = admittedFrom(views[side], server.at[side], protocol, port, family);
      const union = admitted.before.union(admitted.after);
      if (union.isEmpty()) continue;
      const clients = countIn(index[family], union) - (union.has(server.address.value) ? 1 : 0);
      const externals = new Map<string, { address: IpAddress; sides: Side[] }>();
      for (const side of sides) {
        if (admitted[side].subtract(known[family]).isEmpty()) continue;
        blocks ??= serverBlocks(views, server, family);
        for (const address of externalPeers(admitted[side], known[family], blocks, family)) {
          const entry = externals.get(address.text) ?? { address, sides: [] };
          entry.sides.push(side);
          externals.set(address.text, entry);
        }
      }
      ports.push({ protocol, port, admitted, clients, externals: [...externals.values()] });
    }
    const count = ports.reduce((n, p) => n + p.clients + p.externals.length, 0);
    if (count > 0) plans.push({ rep: server, ports, count });
  }

  const total = plans.reduce((n, p) => n + p.count, 0);
  const quotas = shareOut(plans.map((p) => p.count), limit);
  const flows: DerivedFlow[] = [];
  plans.forEach((plan, i) => flows.push(...take(plan, quotas[i]!, index, settings)));
  flows.sort(compareFlows);
  if (total > flows.length) {
    notes.push(
      `${total} flows follow from the rules; ${flows.length} were compared (at most ${limit}, shared out among the servers): name the flows that matter in --flows to compare them always.`,
    );
  }
  return { flows, candidates: total, limit, onlyIn, notes };
}

function view(side: Side, snapshot: Snapshot, settings: LintSettings): SideView {
  const index = new SnapshotIndex(snapshot);
  return { side, snapshot, index, ctx: { snapshot, index, settings, proposed: new ProposedNumbers() } };
}

// ---------------------------------------------------------------------------------------------------
// Endpoints

function primaryAddress(eni: Eni): IpAddress | undefined {
  return eni.privateIps[0] ?? eni.ipv6s[0];
}

/** The client range the configuration (or --client-ports) gives an endpoint; undefined lets the engine infer. */
function configuredClientPorts(settings: LintSettings, at: { eni?: Eni; subnetId?: string }): ClientPortChoice | undefined {
  if (at.eni) return settings.clientPortsFor({ ...(at.eni.subnetId ? { subnetId: at.eni.subnetId } : {}), eniId: at.eni.id, tags: at.eni.tags });
  return settings.clientPortsFor({ ...(at.subnetId ? { subnetId: at.subnetId } : {}) });
}

function endpoints(
  views: Record<Side, SideView>,
  settings: LintSettings,
): { reps: Rep[]; onlyIn: DerivedFlows['onlyIn']; unaddressed: string[]; readdressed: string[] } {
  // Every CIDR some rule of either snapshot names: an address's membership in them is part of its class.
  const blocks = new Map<string, Cidr>();
  for (const side of SIDES) {
    const s = views[side].snapshot;
    for (const n of s.nacls) for (const r of [...n.inbound, ...n.outbound]) blocks.set(r.cidr.text, r.cidr);
    for (const g of s.securityGroups) for (const r of [...g.ingress, ...g.egress]) if (r.peer.kind === 'cidr') blocks.set(r.peer.cidr.text, r.peer.cidr);
    for (const p of s.prefixLists) for (const c of p.cidrs ?? []) blocks.set(c.text, c);
  }
  const membership = blockMembership([...blocks.values()]);

  const eniIds = [...new Set(SIDES.flatMap((s) => views[s].snapshot.enis.map((e) => e.id)))].sort(cmp);
  const classes = new Map<string, string[]>();
  const unaddressed: string[] = [];
  const readdressed: string[] = [];
  const onlyBefore: OneSidedEndpoint[] = [];
  const onlyAfter: OneSidedEndpoint[] = [];
  for (const id of eniIds) {
    const b = views.before.index.enis.get(id);
    const a = views.after.index.enis.get(id);
    if (b && !a) onlyBefore.push(oneSided('eni', b));
    if (a && !b) onlyAfter.push(oneSided('eni', a));
    if (!a || !b) continue;
    const address = primaryAddress(b);
    const afterAddress = primaryAddress(a);
    if (!address || !afterAddress) {
      unaddressed.push(id);
      continue;
    }
    if (address.text !== afterAddress.text) {
      readdressed.push(id);
      continue;
    }
    const parts: (string | number)[] = [address.family, membership(address)];
    for (const [side, eni] of [['before', b], ['after', a]] as const) {
      const instance = eni.instanceId ? views[side].index.instances.get(eni.instanceId) : undefined;
      const client = configuredClientPorts(settings, { eni }) ?? inferClientPorts({ eni, ...(instance ? { instance } : {}) });
      parts.push(eni.subnetId ?? '-', [...eni.groupIds].sort().join(','), `${client.range[0]}-${client.range[1]}`);
    }
    const key = parts.join('|');
    const cls = classes.get(key);
    if (cls) cls.push(id);
    else classes.set(key, [id]);
  }
  const reps: Rep[] = [];
  for (const ids of classes.values()) {
    const id = ids[0]!;
    const b = views.before.index.enis.get(id)!;
    const a = views.after.index.enis.get(id)!;
    const clientPorts = configuredClientPorts(settings, { eni: b });
    reps.push({
      kind: 'eni',
      ref: id,
      members: ids.length,
      address: primaryAddress(b)!,
      at: { before: { eni: b, ...(b.subnetId ? { subnetId: b.subnetId } : {}) }, after: { eni: a, ...(a.subnetId ? { subnetId: a.subnetId } : {}) } },
      ...(clientPorts ? { clientPorts } : {}),
    });
  }

  // Subnets without any interface in either snapshot: one address inside stands for them.
  const withEnis = new Set(SIDES.flatMap((s) => views[s].snapshot.enis.map((e) => e.subnetId).filter((x): x is string => x !== undefined)));
  const subnetIds = [...new Set(SIDES.flatMap((s) => views[s].snapshot.subnets.map((x) => x.id)))].sort(cmp);
  for (const id of subnetIds) {
    const b = views.before.index.subnets.get(id);
    const a = views.after.index.subnets.get(id);
    if (b && !a) onlyBefore.push(oneSided('subnet', b));
    if (a && !b) onlyAfter.push(oneSided('subnet', a));
    if (withEnis.has(id) || !b || !a) continue;
    const block = b.cidrs[0];
    if (!block) continue;
    // AWS reserves the first four addresses of a subnet: the fifth is the first an interface gets.
    const address = addressFromValue(block.family, block.hi - block.lo >= 8n ? block.lo + 4n : block.lo);
    if (!a.cidrs.some((c) => cidrSet(c).has(address.value))) continue;
    const clientPorts = configuredClientPorts(settings, { subnetId: id });
    reps.push({ kind: 'subnet', ref: address.text, members: 1, address, at: { before: { subnetId: id }, after: { subnetId: id } }, ...(clientPorts ? { clientPorts } : {}) });
  }
  reps.sort((x, y) => cmp(x.ref, y.ref));
  return { reps, onlyIn: { before: onlyBefore, after: onlyAfter }, unaddressed, readdressed };
}

/**
 * Which of the blocks hold an address, as a short key: one sweep over the blocks' sorted boundaries gives
 * each cell between two boundaries the XOR of the hashes of the blocks covering it (a block toggles in at
 * its first address and out after its last), so each address costs one binary search.
 */
function blockMembership(blocks: readonly Cidr[]): (address: IpAddress) => string {
  const byFamily = new Map<Family, { cuts: bigint[]; keys: string[] }>();
  for (const family of [4, 6] as const) {
    const toggles = new Map<bigint, bigint>();
    for (const b of blocks) {
      if (b.family !== family) continue;
      const h = BigInt(`0x${fnv1a64(b.text)}`);
      for (const at of [b.lo, b.hi + 1n]) toggles.set(at, (toggles.get(at) ?? 0n) ^ h);
    }
    const cuts = [...toggles.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    let current = 0n;
    const keys = cuts.map((c) => (current ^= toggles.get(c)!).toString(36));
    byFamily.set(family, { cuts, keys });
  }
  return (address) => {
    const { cuts, keys } = byFamily.get(address.family)!;
    const i = upperBound(cuts, address.value) - 1;
    return i < 0 ? '' : keys[i]!;
  };
}

function oneSided(kind: 'eni' | 'subnet', r: { id: string; name?: string }): OneSidedEndpoint {
  return { kind, id: r.id, ...(r.name !== undefined && r.name !== '' ? { name: r.name } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Services

/**
 * The service ports a server admits, with the snapshots that admit each: the TCP/UDP ranges of its groups'
 * ingress rules and of its subnet's NACL inbound allows (return ranges excepted), each range cut at every
 * rule boundary of both snapshots (at most PORTS_PER_RANGE ports per range).
 */
function servicesOf(views: Record<Side, SideView>, server: Rep): { protocol: number; port: number; sides: Side[] }[] {
  const rulesOf = (side: Side) => {
    const at = server.at[side];
    const index = views[side].index;
    const nacl = at.subnetId ? index.naclForSubnet(at.subnetId) : undefined;
    return { sg: (at.eni?.groupIds ?? []).flatMap((g) => index.groups.get(g)?.ingress ?? []), nacl: nacl?.inbound ?? [] };
  };
  const cuts = new Map<number, Set<number>>();
  for (const side of SIDES) {
    const { sg, nacl } = rulesOf(side);
    for (const r of [...sg, ...nacl]) {
      if ((r.protocol !== TCP && r.protocol !== UDP) || !r.ports) continue;
      let set = cuts.get(r.protocol);
      if (!set) cuts.set(r.protocol, (set = new Set()));
      set.add(r.ports.from);
      set.add(r.ports.to + 1);
    }
  }
  const found = new Map<string, { protocol: number; port: number; sides: Side[] }>();
  for (const side of SIDES) {
    const { sg, nacl } = rulesOf(side);
    const ranges = [
      ...sg.filter((r) => (r.protocol === TCP || r.protocol === UDP) && r.ports && !isReturnRange(r)),
      ...nacl.filter((r) => r.action === 'allow' && !r.isDefaultDeny && (r.protocol === TCP || r.protocol === UDP) && r.ports && !isReturnRange(r)),
    ];
    for (const r of ranges) {
      const { from, to } = r.ports!;
      const inside = [...(cuts.get(r.protocol) ?? [])].filter((p) => p > from && p <= to).sort((a, b) => a - b);
      for (const port of [from, ...inside].slice(0, PORTS_PER_RANGE)) {
        const key = `${r.protocol}|${port}`;
        const entry = found.get(key) ?? { protocol: r.protocol, port, sides: [] };
        if (!entry.sides.includes(side)) entry.sides.push(side);
        found.set(key, entry);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.protocol - b.protocol || a.port - b.port);
}

/** The peers a server admits on one port in one snapshot: its groups' ingress ∩ its subnet's NACL inbound. */
function admittedFrom(v: SideView, here: Rep['at'][Side], protocol: number, port: number, family: Family): IntervalSet {
  const universe = familyUniverse(family);
  const keys = IntervalSet.of(port);
  let admitted = here.eni ? admittedPeers(v.ctx, [here.eni], 'ingress', protocol, family, universe, keys) : universe;
  const nacl = here.subnetId ? v.index.naclForSubnet(here.subnetId) : undefined;
  if (nacl && !admitted.isEmpty()) {
    let allowed = IntervalSet.EMPTY;
    for (const s of evaluateNacl(nacl.inbound, { protocol, family, addresses: admitted, keys })) if (s.action === 'allow') allowed = allowed.union(s.addresses);
    // A NACL does not filter traffic inside its own subnet.
    let own = IntervalSet.EMPTY;
    for (const c of v.index.subnets.get(here.subnetId!)?.cidrs ?? []) if (c.family === family) own = own.union(cidrSet(c));
    admitted = admitted.intersect(allowed.union(own));
  }
  return admitted;
}

/** Every address inside a subnet or VPC of either snapshot, per family: what is not "external". */
function knownSpace(views: Record<Side, SideView>): Record<Family, IntervalSet> {
  const blocks: Record<Family, IntervalSet[]> = { 4: [], 6: [] };
  for (const s of SIDES) {
    const snap = views[s].snapshot;
    for (const c of [...snap.subnets.flatMap((x) => x.cidrs), ...snap.vpcs.flatMap((x) => x.cidrs)]) blocks[c.family].push(cidrSet(c));
  }
  return { 4: IntervalSet.unionAll(blocks[4]), 6: IntervalSet.unionAll(blocks[6]) };
}

/** The CIDRs of the rules that decide traffic between a server and outside peers (its NACL's, its groups' ingress). */
function serverBlocks(views: Record<Side, SideView>, server: Rep, family: Family): IntervalSet[] {
  const parts = new Map<string, IntervalSet>();
  for (const s of SIDES) {
    const at = server.at[s];
    const index = views[s].index;
    const nacl = at.subnetId ? index.naclForSubnet(at.subnetId) : undefined;
    for (const r of [...(nacl?.inbound ?? []), ...(nacl?.outbound ?? [])]) if (r.cidr.family === family) parts.set(r.cidr.text, cidrSet(r.cidr));
    for (const g of at.eni?.groupIds ?? []) {
      for (const r of index.groups.get(g)?.ingress ?? []) if (r.peer.kind === 'cidr' && r.peer.cidr.family === family) parts.set(r.peer.cidr.text, cidrSet(r.peer.cidr));
    }
  }
  return [...parts.values()];
}

/**
 * One address per class of admitted peers outside every subnet and VPC: addresses that the server's rules
 * (`blocks`: NACL entries, group rule CIDRs, of both snapshots) all treat alike form a class; largest first.
 */
function externalPeers(admitted: IntervalSet, known: IntervalSet, blocks: readonly IntervalSet[], family: Family): IpAddress[] {
  if (admitted.subtract(known).isEmpty()) return [];
  const classes = new Map<string, IntervalSet>();
  for (const cell of cells(admitted, blocks)) {
    const outside = cell.subtract(known);
    if (outside.isEmpty()) continue;
    const at = cell.min()!;
    const key = blocks.map((b) => (b.has(at) ? '1' : '0')).join('');
    classes.set(key, (classes.get(key) ?? IntervalSet.EMPTY).union(outside));
  }
  const pieces = [...classes.values()].sort((a, b) => (a.size() > b.size() ? -1 : a.size() < b.size() ? 1 : cmpBig(a.min()!, b.min()!)));
  return pieces.slice(0, EXTERNAL_PEERS).map((piece) => {
    for (const text of PREFERRED_EXTERNAL[family]) {
      const parsed = parseIp(text);
      if (parsed.ok && piece.has(parsed.value.value)) return parsed.value;
    }
    const [lo, hi] = piece.intervals[0]!;
    return addressFromValue(family, hi > lo + 1n ? lo + 1n : lo);
  });
}

// ---------------------------------------------------------------------------------------------------
// Bounds

function clientIndex(reps: readonly Rep[], family: Family): ClientIndex {
  const mine = reps.filter((r) => r.address.family === family).sort((a, b) => cmpBig(a.address.value, b.address.value));
  return { values: mine.map((r) => r.address.value), reps: mine };
}

/** Index ranges [i, j) of the endpoints whose address is in `set`. */
function rangesIn(index: ClientIndex, set: IntervalSet): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of set.intervals) {
    const i = lowerBound(index.values, lo);
    const j = upperBound(index.values, hi);
    if (i < j) out.push([i, j]);
  }
  return out;
}

function countIn(index: ClientIndex, set: IntervalSet): number {
  return rangesIn(index, set).reduce((n, [i, j]) => n + j - i, 0);
}

/**
 * Shares `limit` flows among servers with `counts` flows each: every server gets an equal share or all it
 * has, whichever is less, and what the small ones leave goes to the others (water-filling). With fewer flows
 * than servers, the servers with the most flows get one each.
 */
export function shareOut(counts: readonly number[], limit: number): number[] {
  const order = counts.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(counts.length).fill(0);
  let remaining = limit;
  order.forEach(([count, i], k) => {
    const share = Math.min(count, Math.floor(remaining / (order.length - k)));
    out[i] = share;
    remaining -= share;
  });
  return out;
}

/**
 * `quota` flows of one server: ports take turns; within a port, external peers first, then the endpoints
 * the "before" admits, then those only the "after" admits.
 */
function take(plan: ServerPlan, quota: number, index: Record<Family, ClientIndex>, settings: LintSettings): DerivedFlow[] {
  if (quota <= 0) return [];
  const server = plan.rep;
  const family = server.address.family;
  const queues = plan.ports.map((p) => flowsOfPort(server, p, index[family], settings));
  const out: DerivedFlow[] = [];
  while (out.length < quota && queues.length > 0) {
    for (let q = 0; q < queues.length && out.length < quota; ) {
      const next = queues[q]!.next();
      if (next.done) queues.splice(q, 1);
      else {
        out.push(next.value);
        q++;
      }
    }
  }
  return out;
}

function* flowsOfPort(server: Rep, p: PortPlan, index: ClientIndex, settings: LintSettings): Generator<DerivedFlow> {
  const query = (from: string, clientPorts: ClientPortChoice | undefined): FlowQuery => ({
    from,
    to: server.ref,
    protocol: p.protocol === UDP ? 'udp' : 'tcp',
    port: p.port,
    ...(clientPorts ? { clientPorts: `${clientPorts.range[0]}-${clientPorts.range[1]}` } : {}),
  });
  const external = settings.clientPortsFor({});
  const externals = [...p.externals].sort((a, b) => Number(!a.sides.includes('before')) - Number(!b.sides.includes('before')));
  for (const e of externals) {
    yield { query: query(e.address.text, external), allowedIn: SIDES.filter((s) => e.sides.includes(s)), clientKind: 'external', represents: { clients: 1, servers: server.members } };
  }
  const seen = new Set<number>();
  const sidesOf = (r: Rep) => SIDES.filter((s) => p.admitted[s].has(r.address.value));
  for (const set of [p.admitted.before, p.admitted.after.subtract(p.admitted.before)]) {
    for (const [i, j] of rangesIn(index, set)) {
      for (let k = i; k < j; k++) {
        const client = index.reps[k]!;
        if (seen.has(k) || client.ref === server.ref) continue;
        seen.add(k);
        yield { query: query(client.ref, client.clientPorts), allowedIn: sidesOf(client), clientKind: client.kind, represents: { clients: client.members, servers: server.members } };
      }
    }
  }
}

const CLIENT_ORDER: Readonly<Record<EndpointKind, number>> = { external: 0, eni: 1, subnet: 2 };

function compareFlows(a: DerivedFlow, b: DerivedFlow): number {
  return (
    cmp(a.query.to, b.query.to) ||
    cmp(a.query.protocol, b.query.protocol) ||
    a.query.port - b.query.port ||
    CLIENT_ORDER[a.clientKind] - CLIENT_ORDER[b.clientKind] ||
    cmp(a.query.from, b.query.from)
  );
}

function lowerBound(values: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(values: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `tcp/443`. */
export function serviceText(protocol: 'tcp' | 'udp' | number, port: number): string {
  return `${typeof protocol === 'number' ? protocolName(protocol) : protocol}/${port}`;
}

function listText(ids: readonly string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

