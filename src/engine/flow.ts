import type { Cidr } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import { formatPortSet } from '../net/ports.js';
import { InputError } from '../model/errors.js';
import { TCP, UDP } from '../model/protocol.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import { inferClientPorts, parseClientPorts } from './client-ports.js';
import { naclImplicitDeny, naclRuleRef, sgImplicitDeny, sgRuleRef } from './describe.js';
import { resolveEndpoints, resolveTarget, type Endpoint } from './endpoints.js';
import { naclFix, sgFix } from './fix.js';
import { evaluateNacl } from './nacl.js';
import { evaluateSecurityGroups } from './sg.js';
import type { ClientPortChoice, Fix, FlowQuery, FlowResult, Hop, HopDirection, HopSegment, Verdict } from './types.js';

export { CLIENT_PORT_PROFILES } from './client-ports.js';


/** What a hop lets through, as sets, next to how it is reported. */
interface EvaluatedHop {
  readonly hop: Hop;
  /** Keys let through for certain (for not-evaluated/skipped/stateful hops: everything asked). */
  readonly allowed: IntervalSet;
  /** Keys whose fate depends on data the snapshot lacks. */
  readonly unknown: IntervalSet;
  readonly fixes: readonly Fix[];
  /** For a NACL hop: the CIDR of the rule that allowed the packets, when one rule did. */
  readonly allowCidr?: Cidr;
}

/**
 * Traces one flow both ways. The request goes client SG egress → client subnet NACL outbound → server
 * subnet NACL inbound → server SG ingress. The reply needs no SG rule (stateful) but must pass server NACL
 * outbound and client NACL inbound to the client's ephemeral port: NACLs are stateless, and a reply's
 * destination port is the port the client picked.
 */
export function traceFlow(index: SnapshotIndex, query: FlowQuery): FlowResult {
  const protocol = query.protocol === 'udp' ? UDP : TCP;
  if (!Number.isInteger(query.port) || query.port < 0 || query.port > 65535) {
    throw new InputError([{ file: '--port', message: `expected a port from 0 to 65535, got ${query.port}` }]);
  }
  const clientChoice = query.clientPorts === undefined ? undefined : parseClientPorts(query.clientPorts);
  if (query.clientPorts !== undefined && !clientChoice) {
    throw new InputError([{ file: '--client-ports', message: `expected lo-hi (e.g. 32768-60999) or a profile (linux, windows, windows-legacy, nat-gateway, elb, lambda, any), got ${JSON.stringify(query.clientPorts)}` }]);
  }
  const fromTarget = resolveTarget(index, query.from, '--from');
  const toTarget = resolveTarget(index, query.to, '--to');
  if (fromTarget.eni && fromTarget.eni === toTarget.eni) {
    throw new InputError([{ file: '--from/--to', message: `both ends are ${fromTarget.eni.id}: a flow needs two different endpoints` }]);
  }
  const { from, to } = resolveEndpoints(index, fromTarget, toTarget);
  const clientPorts: ClientPortChoice =
    clientChoice ?? inferClientPorts({ eni: from.eni, instance: from.instance, external: from.kind === 'external' });
  const clientRange = IntervalSet.of(clientPorts.range[0], clientPorts.range[1]);
  const servicePort = IntervalSet.of(query.port);
  const base = { query, from: from.summary, to: to.summary, protocol: query.protocol, port: query.port, clientPorts };

  if (to.kind === 'amazon-service') {
    return {
      ...base,
      verdict: 'reachable',
      request: [],
      reply: [],
      returnPorts: { range: clientPorts.range, allowed: [clientPorts.range], fraction: 1 },
      fixes: [],
      notes: [`Traffic to ${to.service} (${to.address.text}) is never filtered by security groups or network ACLs.`],
      summary: `reachable: ${to.service} is not filtered by security groups or network ACLs`,
    };
  }

  const notes: string[] = [];
  const sameSubnet = from.subnet !== undefined && from.subnet.id === to.subnet?.id;
  const ctx = { index, protocol, notes };

  const request: EvaluatedHop[] = [
    sgHop(ctx, 'request', from, to, 'egress', servicePort),
    naclHop(ctx, 'request', from, to, true, servicePort, sameSubnet),
    naclHop(ctx, 'request', to, from, false, servicePort, sameSubnet),
    sgHop(ctx, 'request', to, from, 'ingress', servicePort),
  ];
  // A reply rule written like the rule that admitted the request (same CIDR) is the fix people expect.
  const reply: EvaluatedHop[] = [
    statefulHop(to, 'egress'),
    naclHop(ctx, 'reply', to, from, true, clientRange, sameSubnet, request[2]!.allowCidr),
    naclHop(ctx, 'reply', from, to, false, clientRange, sameSubnet, request[1]!.allowCidr),
    statefulHop(from, 'ingress'),
  ];

  let returnAllowed = clientRange;
  let returnUnknown = IntervalSet.EMPTY;
  for (const h of reply) {
    returnUnknown = returnUnknown.union(returnAllowed.intersect(h.unknown));
    returnAllowed = returnAllowed.intersect(h.allowed);
  }
  const requestDenied = request.find((h) => h.allowed.isEmpty() && h.unknown.isEmpty());
  const requestUnknown = request.find((h) => !h.unknown.isEmpty());
  const fraction = returnAllowed.sizeNumber() / clientRange.sizeNumber();

  let verdict: Verdict;
  if (requestDenied || returnAllowed.isEmpty()) verdict = returnUnknown.isEmpty() || requestDenied ? 'unreachable' : 'unknown';
  else if (requestUnknown) verdict = 'unknown';
  else verdict = returnAllowed.equals(clientRange) ? 'reachable' : 'partial';

  if (from.kind === 'external' || to.kind === 'external') {
    notes.push('Only the VPC side is evaluated for an address outside the snapshot; routing (route tables, gateways) is not evaluated.');
  } else if (from.summary.vpcId && to.summary.vpcId && from.summary.vpcId !== to.summary.vpcId) {
    notes.push(`The endpoints are in different VPCs (${from.summary.vpcId}, ${to.summary.vpcId}): the route between them (peering, transit gateway) is not evaluated.`);
  }

  return {
    ...base,
    verdict,
    request: request.map((h) => h.hop),
    reply: reply.map((h) => h.hop),
    returnPorts: { range: clientPorts.range, allowed: returnAllowed.toNumberRanges(), fraction: round(fraction) },
    fixes: [...request, ...reply].flatMap((h) => h.fixes),
    notes: [...new Set(notes)],
    summary: summarize(verdict, request, reply, clientRange, returnAllowed, fraction, query),
  };
}

interface HopContext {
  readonly index: SnapshotIndex;
  readonly protocol: number;
  readonly notes: string[];
}

/** A request through the security groups of `self`'s ENI, to or from `peer`. */
function sgHop(ctx: HopContext, leg: 'request', self: Endpoint, peer: Endpoint, direction: 'ingress' | 'egress', keys: IntervalSet): EvaluatedHop {
  const at = self.eni?.id ?? self.address.text;
  const ports = keys.toNumberRanges();
  const hopBase = { leg, component: 'security-group' as const, direction, at, ports };
  if (!self.eni) {
    const note =
      self.kind === 'external'
        ? `${self.address.text} is outside the snapshot: its security groups are not evaluated`
        : `no interface in the snapshot owns ${self.address.text}: its security groups are not evaluated`;
    ctx.notes.push(`Security groups of ${self.address.text} were not evaluated (${self.kind === 'external' ? 'outside the snapshot' : 'no interface owns the address'}).`);
    return { hop: { ...hopBase, ids: [], decision: 'not-evaluated', segments: [], note }, allowed: keys, unknown: IntervalSet.EMPTY, fixes: [] };
  }
  const eni = self.eni;
  if (eni.groupIds.length === 0) {
    // NAT gateways (and some other AWS-managed interfaces) carry no security group and are not filtered by one.
    return {
      hop: { ...hopBase, ids: [], decision: 'not-evaluated', segments: [], note: `${eni.id} carries no security group${eni.interfaceType && eni.interfaceType !== 'interface' ? ` (${eni.interfaceType})` : ''}: none filters it` },
      allowed: keys,
      unknown: IntervalSet.EMPTY,
      fixes: [],
    };
  }
  if (ctx.index.snapshot.securityGroups.length === 0) {
    ctx.notes.push('The snapshot holds no security groups: only network ACLs were evaluated.');
    return {
      hop: { ...hopBase, ids: eni.groupIds, decision: 'not-evaluated', segments: [], note: 'the snapshot holds no security groups' },
      allowed: keys,
      unknown: IntervalSet.EMPTY,
      fixes: [],
    };
  }
  const evaluation = evaluateSecurityGroups(ctx.index, { groupIds: eni.groupIds, direction, protocol: ctx.protocol, peer: { address: peer.address, eni: peer.eni }, keys });
  // A group we cannot see might allow what the visible ones do not.
  const missingCouldAllow = evaluation.missingGroups.length > 0 ? evaluation.denied : IntervalSet.EMPTY;
  const unknown = evaluation.unknown.union(missingCouldAllow);
  const denied = evaluation.denied.subtract(missingCouldAllow);
  const segments: HopSegment[] = [];
  if (!evaluation.allowed.isEmpty()) {
    segments.push({ ports: evaluation.allowed.toNumberRanges(), decision: 'allow', rules: evaluation.matches.filter((m) => m.certainty === 'match').map((m) => sgRuleRef(m.rule)) });
  }
  if (!unknown.isEmpty()) {
    segments.push({ ports: unknown.toNumberRanges(), decision: 'unknown', rules: evaluation.matches.filter((m) => m.certainty === 'unknown').map((m) => sgRuleRef(m.rule)) });
  }
  if (!denied.isEmpty()) segments.push({ ports: denied.toNumberRanges(), decision: 'deny', rules: [sgImplicitDeny(eni.groupIds)] });
  const notes: string[] = [];
  if (evaluation.missingGroups.length > 0) notes.push(`not in the snapshot: ${evaluation.missingGroups.join(', ')}`);
  const unknownLists = evaluation.matches.filter((m) => m.certainty === 'unknown' && m.rule.peer.kind === 'prefix-list').map((m) => (m.rule.peer as { prefixListId: string }).prefixListId);
  if (unknownLists.length > 0) {
    notes.push(`entries of ${[...new Set(unknownLists)].join(', ')} are not in the snapshot`);
    ctx.notes.push(`The verdict depends on prefix list entries the snapshot lacks (${[...new Set(unknownLists)].join(', ')}): export them with get-managed-prefix-list-entries.`);
  }
  const decision = decide(evaluation.allowed, unknown, denied);
  const fixes: Fix[] = [];
  if (decision === 'deny') {
    const group = ctx.index.groups.get(eni.groupIds.find((g) => ctx.index.groups.has(g)) ?? '') ?? { id: eni.groupIds[0] ?? '(none)' };
    const peerGroupId = peer.eni && peer.eni.vpcId === eni.vpcId ? peer.eni.groupIds[0] : undefined;
    fixes.push(sgFix({ group, direction, protocol: ctx.protocol, port: Number(keys.min()), peer: peer.address, peerGroupId }));
  }
  return {
    hop: { ...hopBase, ids: eni.groupIds, decision, segments, ...(notes.length ? { note: notes.join('; ') } : {}) },
    allowed: evaluation.allowed,
    unknown,
    fixes,
  };
}

/** Packets leaving (`egress`) or entering `self`'s subnet, with `peer` as the far end. */
function naclHop(ctx: HopContext, leg: 'request' | 'reply', self: Endpoint, peer: Endpoint, egress: boolean, keys: IntervalSet, sameSubnet: boolean, preferredCidr?: Cidr): EvaluatedHop {
  const direction: HopDirection = egress ? 'outbound' : 'inbound';
  const ports = keys.toNumberRanges();
  const subnet = self.subnet;
  const at = subnet?.id ?? self.address.text;
  const pass = (decision: 'skipped' | 'not-evaluated', note: string, ids: readonly string[] = []): EvaluatedHop => ({
    hop: { leg, component: 'nacl', ids, direction, at, decision, ports, segments: [], note },
    allowed: keys,
    unknown: IntervalSet.EMPTY,
    fixes: [],
  });
  if (!subnet) {
    return pass('not-evaluated', self.kind === 'external' ? `${self.address.text} is outside the snapshot` : `the subnet of ${self.eni?.id ?? self.address.text} is not in the snapshot`);
  }
  const nacl = ctx.index.naclForSubnet(subnet.id);
  if (sameSubnet) return pass('skipped', `both ends are in ${subnet.id}: network ACLs do not filter traffic inside a subnet`, nacl ? [nacl.id] : []);
  if (!nacl) {
    ctx.notes.push(`No network ACL in the snapshot applies to ${subnet.id}: it was not evaluated.`);
    return pass('not-evaluated', `no network ACL in the snapshot applies to ${subnet.id}`);
  }
  const segments = evaluateNacl(egress ? nacl.outbound : nacl.inbound, {
    protocol: ctx.protocol,
    family: peer.address.family,
    addresses: IntervalSet.of(peer.address.value),
    keys,
  });
  let allowed = IntervalSet.EMPTY;
  const hopSegments: HopSegment[] = [];
  const fixes: Fix[] = [];
  for (const s of segments) {
    if (s.action === 'allow') allowed = allowed.union(s.keys);
    hopSegments.push({ ports: s.keys.toNumberRanges(), decision: s.action, rules: [s.rule ? naclRuleRef(s.rule) : naclImplicitDeny(nacl.id)] });
    if (s.action === 'deny') {
      const missing = s.keys.toNumberRanges();
      for (const range of missing) {
        fixes.push(naclFix({ nacl, egress, protocol: ctx.protocol, peer: peer.address, peerSubnet: peer.subnet, preferredCidr, keys: range, missing, blocking: s.rule }));
      }
    }
  }
  hopSegments.sort((a, b) => a.ports[0]![0] - b.ports[0]![0]);
  const allowRules = [...new Set(segments.filter((s) => s.action === 'allow' && s.rule).map((s) => s.rule!))];
  const denied = keys.subtract(allowed);
  return {
    hop: { leg, component: 'nacl', ids: [nacl.id], direction, at, decision: decide(allowed, IntervalSet.EMPTY, denied), ports, segments: hopSegments },
    allowed,
    unknown: IntervalSet.EMPTY,
    fixes,
    ...(allowRules.length === 1 ? { allowCidr: allowRules[0]!.cidr } : {}),
  };
}

function statefulHop(self: Endpoint, direction: 'ingress' | 'egress'): EvaluatedHop {
  const everything = IntervalSet.of(0, 65535);
  return {
    hop: {
      leg: 'reply',
      component: 'security-group',
      ids: self.eni?.groupIds ?? [],
      direction,
      at: self.eni?.id ?? self.address.text,
      decision: self.eni ? 'stateful' : 'not-evaluated',
      ports: [],
      segments: [],
      note: self.eni ? 'security groups are stateful: the reply to an allowed request needs no rule' : `${self.address.text} has no interface in the snapshot`,
    },
    allowed: everything,
    unknown: IntervalSet.EMPTY,
    fixes: [],
  };
}

function decide(allowed: IntervalSet, unknown: IntervalSet, denied: IntervalSet): Hop['decision'] {
  if (denied.isEmpty() && unknown.isEmpty()) return 'allow';
  if (allowed.isEmpty() && unknown.isEmpty()) return 'deny';
  if (allowed.isEmpty() && denied.isEmpty()) return 'unknown';
  return unknown.isEmpty() ? 'partial' : 'unknown';
}

function summarize(
  verdict: Verdict,
  request: readonly EvaluatedHop[],
  reply: readonly EvaluatedHop[],
  clientRange: IntervalSet,
  returnAllowed: IntervalSet,
  fraction: number,
  query: FlowQuery,
): string {
  const what = `${query.protocol} ${query.port}`;
  const where = (h: Hop) => `${h.component === 'nacl' ? h.ids[0] : h.ids.join('+') || h.at} ${h.direction} (${h.at})`;
  const blocker = request.find((h) => h.hop.decision === 'deny');
  const range = formatPortSet(clientRange);
  if (blocker) return `unreachable: the request (${what}) is denied by ${where(blocker.hop)}`;
  const replyBlockers = reply.filter((h) => h.hop.decision === 'deny' || h.hop.decision === 'partial').map((h) => where(h.hop));
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
  switch (verdict) {
    case 'reachable':
      return `reachable: the request (${what}) is allowed and replies to every client port (${range}) get back`;
    case 'partial':
      return `partial: replies to client ports ${formatPortSet(clientRange.subtract(returnAllowed))} are denied by ${replyBlockers.join(' and ')}; ${percent(1 - fraction)} of connections from ${range} fail`;
    case 'unreachable':
      return `unreachable: the request is allowed, but replies to client ports ${range} are denied by ${replyBlockers.join(' and ')}`;
    case 'unknown': {
      const unknownHop = [...request, ...reply].find((h) => !h.unknown.isEmpty());
      return `unknown: ${unknownHop ? `${where(unknownHop.hop)} depends on data the snapshot lacks` : 'the snapshot lacks data the verdict depends on'}${unknownHop?.hop.note ? ` (${unknownHop.hop.note})` : ''}`;
    }
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
