/**
 * What a change does to the network, for `synack diff`: the lint findings it introduces and resolves, and
 * the flows whose verdict it changes. Pure: snapshots in, data out; the command reads files, fills in line
 * numbers and renders.
 *
 * Findings are matched by fingerprint (rule id, resource id and the finding's own key — never line numbers
 * or wording), so unrelated edits that move rules around do not show up as churn. A finding suppressed on
 * one side only (a `synack:ignore` tag added or removed, an `ignore` entry) counts as introduced or
 * resolved by that suppression.
 *
 * Flows are those of the flows file (like `check`) and those derived from the rules (derive-flows.ts),
 * each traced in both snapshots with the same query. How a verdict change is classified:
 * - a flows-file flow is *broken* when it met its expectation (`expect`, else reachable) before and does
 *   not after, *better* for the reverse; otherwise verdicts compare as below;
 * - a derived flow is *broken* when it was reachable before and is partial or unreachable after; *worse*
 *   when partial became unreachable or fewer client ports get replies; *better* the other way; *changed*
 *   when one side is `unknown` (the snapshot lacks data to decide);
 * - a flow whose endpoint exists in one snapshot only is *only-before* / *only-after*, not an error.
 * The gate fails on an introduced unsuppressed finding at or above `failOn`, or on any broken flow.
 */
import { traceFlow as engineTraceFlow } from '../engine/flow.js';
import { naclRuleRef, sgImplicitDeny, sgPeerText, sgRuleRef } from '../engine/describe.js';
import { describeProtocol } from '../engine/match.js';
import type { FlowQuery, FlowResult, Hop, HopSegment, RuleRef, Verdict } from '../engine/types.js';
import { lintSnapshot, type LintOptions } from '../lint/run.js';
import { SEVERITIES, defaultSettings, type Finding, type LintRule, type Severity } from '../lint/types.js';
import { InputError, type InputProblem } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { SnapshotIndex } from '../model/snapshot-index.js';
import type { SourceLocation } from '../model/source.js';
import type { FlowSpec } from '../sources/flows-file.js';
import { deriveFlows, SIDES, type DerivedFlow, type OneSidedEndpoint, type Side } from './derive-flows.js';

export type { Side } from './derive-flows.js';

export type FlowChangeKind = 'broken' | 'worse' | 'better' | 'changed' | 'unchanged' | 'only-before' | 'only-after';
export const FLOW_CHANGE_KINDS: readonly FlowChangeKind[] = ['broken', 'worse', 'better', 'changed', 'unchanged', 'only-before', 'only-after'];

/** A flow of the flows file, as `check` reads it (its entry in the file optional: tests and the library may give none). */
export type FileFlow = Omit<FlowSpec, 'source'> & { readonly source?: SourceLocation };

/**
 * Why a flow's verdict changed, at the first hop that decides it differently. `closed`: packets the hop let
 * through before are now denied (a broken or worse flow); `opened`: packets it denied are now allowed (a
 * flows-file flow expected to be unreachable that now gets through).
 */
export interface FlowCause {
  readonly effect: 'closed' | 'opened';
  readonly leg: Hop['leg'];
  readonly component: Hop['component'];
  readonly direction: Hop['direction'];
  /** The ENI or subnet of the hop. */
  readonly at: string;
  readonly ids: readonly string[];
  /** The ports whose fate changed (the service port for a request hop, client ports for a reply hop). */
  readonly ports: readonly (readonly [number, number])[];
  /** The rules that decide them after: the deciding rules (deny rules when closed, allow rules when opened). */
  readonly after: readonly RuleRef[];
  /**
   * The rules of the same hop that decided them before, each (when closed) with the same rule in the after
   * snapshot (`now`: same NACL and rule number, or same group, protocol and peer), absent when deleted.
   */
  readonly before: readonly { readonly rule: RuleRef; readonly now?: RuleRef }[];
  /** The NACL or security group of the hop, in the after snapshot (a place to point at when no rule is). */
  readonly owner?: SourceLocation;
}

export interface FlowChange {
  readonly origin: 'file' | 'derived';
  readonly query: FlowQuery;
  readonly kind: FlowChangeKind;
  /** Flows-file flows: their name, expectation and place in the file. */
  readonly name?: string;
  readonly expect?: Verdict;
  readonly source?: SourceLocation;
  /** Derived flows: which snapshots' rules allow the service, and how many interfaces each end stands for. */
  readonly allowedIn?: readonly Side[];
  readonly represents?: { readonly clients: number; readonly servers: number };
  readonly before?: FlowResult;
  readonly after?: FlowResult;
  /** For only-before / only-after: why the other side could not trace it (the endpoint is not there). */
  readonly missing?: string;
  readonly cause?: FlowCause;
}

export interface IntroducedFinding {
  readonly finding: Finding;
  /** new: not in the "before" at all; unsuppressed: there, but suppressed. */
  readonly change: 'new' | 'unsuppressed';
  /** Whether it fails the gate (unsuppressed, at or above failOn). */
  readonly gating: boolean;
}

export interface ResolvedFinding {
  readonly finding: Finding;
  /** gone: not in the "after" at all; suppressed: still there, now suppressed. */
  readonly change: 'gone' | 'suppressed';
}

export interface DiffOptions {
  readonly failOn: Severity | 'none';
  /** Lint options for both sides (settings from the configuration and --client-ports, rules, ignores). */
  readonly lint?: LintOptions;
  readonly flows?: readonly FileFlow[];
  /** Cap on derived flows; 0 derives none. */
  readonly derivedLimit?: number;
  /** For tests: another tracer. */
  readonly traceFlow?: (index: SnapshotIndex, query: FlowQuery) => FlowResult;
}

export interface DiffResult {
  readonly failOn: Severity | 'none';
  readonly findings: {
    readonly introduced: readonly IntroducedFinding[];
    readonly resolved: readonly ResolvedFinding[];
    /** Unsuppressed in both. */
    readonly unchanged: number;
  };
  /** Every rule that ran (for SARIF rule metadata and documentation links). */
  readonly rules: readonly LintRule[];
  /** Every flow compared: flows-file flows in file order, then derived flows. */
  readonly flows: readonly FlowChange[];
  readonly derived: { readonly candidates: number; readonly compared: number; readonly limit: number };
  readonly endpoints: { readonly onlyBefore: readonly OneSidedEndpoint[]; readonly onlyAfter: readonly OneSidedEndpoint[] };
  readonly notes: readonly string[];
  readonly gate: { readonly failed: boolean; readonly reasons: readonly string[] };
}

/**
 * Compares two snapshots. Throws InputError when a flows-file flow resolves in neither snapshot (a
 * mistake in the flows file, reported at its line like `check` does).
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, options: DiffOptions): DiffResult {
  const trace = options.traceFlow ?? engineTraceFlow;
  const lintOptions = options.lint ?? {};
  const lintBefore = lintSnapshot(before, lintOptions);
  const lintAfter = lintSnapshot(after, lintOptions);
  const findings = compareFindings(lintBefore.findings, lintAfter.findings, options.failOn);

  const index: Record<Side, SnapshotIndex> = { before: new SnapshotIndex(before), after: new SnapshotIndex(after) };
  const flows: FlowChange[] = [];
  const problems: InputProblem[] = [];
  for (const f of options.flows ?? []) {
    const query: FlowQuery = { from: f.from, to: f.to, protocol: f.protocol, port: f.port, ...(f.clientPorts !== undefined ? { clientPorts: f.clientPorts } : {}) };
    const sides = traceBoth(index, query, trace);
    const meta = { ...(f.name !== undefined ? { name: f.name } : {}), ...(f.expect !== undefined ? { expect: f.expect } : {}), ...(f.source ? { source: f.source } : {}) };
    if (!sides.before.result && !sides.after.result) {
      for (const p of sides.after.problems) problems.push(inFlowsFile(p, f));
      continue;
    }
    flows.push(compareFlow('file', query, sides, meta, index.after, f.expect ?? 'reachable'));
  }
  if (problems.length > 0) throw new InputError(problems);

  const settings = lintOptions.settings ?? defaultSettings();
  const derived = deriveFlows(before, after, { settings, ...(options.derivedLimit !== undefined ? { limit: options.derivedLimit } : {}) });
  const notes = [...derived.notes];
  const seen = new Set(flows.map((f) => queryKey(f.query)));
  let untraceable = 0;
  for (const d of derived.flows) {
    if (seen.has(queryKey(d.query))) continue;
    const sides = traceBoth(index, d.query, trace);
    if (!sides.before.result || !sides.after.result) {
      untraceable++;
      continue;
    }
    flows.push(compareFlow('derived', d.query, sides, derivedMeta(d), index.after));
  }
  if (untraceable > 0) notes.push(`${untraceable} derived flow${untraceable === 1 ? '' : 's'} could not be traced in both snapshots and ${untraceable === 1 ? 'was' : 'were'} left out.`);

  const reasons: string[] = [];
  const broken = flows.filter((f) => f.kind === 'broken').length;
  if (broken > 0) reasons.push(`${broken} flow${broken === 1 ? '' : 's'} that worked before ${broken === 1 ? 'is' : 'are'} broken`);
  const gating = findings.introduced.filter((f) => f.gating);
  if (gating.length > 0) {
    reasons.push(`${gating.length} new finding${gating.length === 1 ? '' : 's'} at or above ${options.failOn}`);
  }
  return {
    failOn: options.failOn,
    findings,
    rules: lintAfter.rules,
    flows,
    derived: { candidates: derived.candidates, compared: flows.filter((f) => f.origin === 'derived').length, limit: derived.limit },
    endpoints: { onlyBefore: derived.onlyIn.before, onlyAfter: derived.onlyIn.after },
    notes,
    gate: { failed: reasons.length > 0, reasons },
  };
}

// ---------------------------------------------------------------------------------------------------
// Findings

export function compareFindings(before: readonly Finding[], after: readonly Finding[], failOn: Severity | 'none'): DiffResult['findings'] {
  const was = new Map(before.map((f) => [f.fingerprint, f] as const));
  const now = new Map(after.map((f) => [f.fingerprint, f] as const));
  const limit = failOn === 'none' ? -1 : SEVERITIES.indexOf(failOn);
  const introduced: IntroducedFinding[] = [];
  const resolved: ResolvedFinding[] = [];
  let unchanged = 0;
  for (const f of after) {
    const old = was.get(f.fingerprint);
    const gating = !f.suppressed && SEVERITIES.indexOf(f.severity) <= limit;
    if (!old) introduced.push({ finding: f, change: 'new', gating });
    else if (old.suppressed && !f.suppressed) introduced.push({ finding: f, change: 'unsuppressed', gating });
    else if (!old.suppressed && !f.suppressed) unchanged++;
  }
  for (const f of before) {
    const next = now.get(f.fingerprint);
    if (!next) resolved.push({ finding: f, change: 'gone' });
    else if (!f.suppressed && next.suppressed) resolved.push({ finding: f, change: 'suppressed' });
  }
  const bySeverity = (a: { finding: Finding }, b: { finding: Finding }) => SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity);
  return { introduced: introduced.sort(bySeverity), resolved: resolved.sort(bySeverity), unchanged };
}

// ---------------------------------------------------------------------------------------------------
// Flows

interface SideTrace {
  readonly result?: FlowResult;
  readonly problems: readonly InputProblem[];
}

function traceBoth(index: Record<Side, SnapshotIndex>, query: FlowQuery, trace: NonNullable<DiffOptions['traceFlow']>): Record<Side, SideTrace> {
  const out = {} as Record<Side, SideTrace>;
  for (const side of SIDES) {
    try {
      out[side] = { result: trace(index[side], query), problems: [] };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      out[side] = { problems: err.problems };
    }
  }
  return out;
}

function derivedMeta(d: DerivedFlow): Pick<FlowChange, 'allowedIn' | 'represents'> {
  return { allowedIn: d.allowedIn, represents: d.represents };
}

const RANK: Readonly<Record<Exclude<Verdict, 'unknown'>, number>> = { reachable: 3, partial: 2, unreachable: 1 };

function compareFlow(
  origin: FlowChange['origin'],
  query: FlowQuery,
  sides: Record<Side, SideTrace>,
  meta: Partial<Pick<FlowChange, 'name' | 'expect' | 'source' | 'allowedIn' | 'represents'>>,
  afterIndex: SnapshotIndex,
  expect?: Verdict,
): FlowChange {
  const before = sides.before.result;
  const after = sides.after.result;
  const base = { origin, query, ...meta };
  if (!after) return { ...base, kind: 'only-before', before: before!, missing: problemText(sides.after.problems) };
  if (!before) return { ...base, kind: 'only-after', after, missing: problemText(sides.before.problems) };
  const kind = expect !== undefined ? expectationChange(before, after, expect) : verdictChange(before, after);
  const cause = kind === 'broken' || kind === 'worse' ? causeOf(before, after, afterIndex) : undefined;
  return { ...base, kind, before, after, ...(cause ? { cause } : {}) };
}

function expectationChange(before: FlowResult, after: FlowResult, expect: Verdict): FlowChangeKind {
  const passBefore = before.verdict === expect;
  const passAfter = after.verdict === expect;
  if (passBefore && !passAfter) return 'broken';
  if (!passBefore && passAfter) return 'better';
  if (passBefore && passAfter) return 'unchanged';
  // Failing on both sides: judged like a derived flow when the expectation is "reachable".
  const kind = verdictChange(before, after);
  return expect === 'reachable' || kind === 'unchanged' ? (kind === 'broken' ? 'worse' : kind) : 'changed';
}

export function verdictChange(before: FlowResult, after: FlowResult): FlowChangeKind {
  const b = before.verdict;
  const a = after.verdict;
  if (b === a) {
    if (b !== 'partial') return 'unchanged';
    const fb = before.returnPorts.fraction;
    const fa = after.returnPorts.fraction;
    return fa < fb ? 'worse' : fa > fb ? 'better' : 'unchanged';
  }
  if (b === 'unknown' || a === 'unknown') return 'changed';
  if (b === 'reachable') return 'broken';
  return RANK[a] < RANK[b] ? 'worse' : 'better';
}

/**
 * The first hop that stops packets after, with its deciding rules, what that hop allowed before, and
 * (given the after snapshot) what became of those rules.
 */
export function causeOf(before: FlowResult, after: FlowResult, afterIndex?: SnapshotIndex): FlowCause | undefined {
  if (opens(before.verdict, after.verdict)) return openedCause(before, after, afterIndex);
  const hops = [...after.request, ...after.reply];
  const hop = hops.find((h) => h.decision === 'deny') ?? hops.find((h) => h.decision === 'partial');
  if (!hop) return undefined;
  const denied = hop.segments.filter((s) => s.decision === 'deny');
  const ports = denied.length > 0 ? denied.flatMap((s) => s.ports) : hop.ports;
  const afterRules = dedupeRules(denied.length > 0 ? denied.flatMap((s) => s.rules) : [sgImplicitDeny(hop.ids)]);
  const same = [...before.request, ...before.reply].find((h) => h.leg === hop.leg && h.component === hop.component && h.direction === hop.direction && h.at === hop.at);
  const beforeRules = same ? dedupeRules(same.segments.filter((s) => s.decision === 'allow' && overlaps(s, ports)).flatMap((s) => s.rules)) : [];
  const was = beforeRules.map((rule) => {
    const now = afterIndex ? sameRuleNow(afterIndex, rule, hop.direction) : undefined;
    return now ? { rule, now } : { rule };
  });
  const owner = afterIndex ? ownerLocation(afterIndex, hop) : undefined;
  return { effect: 'closed', leg: hop.leg, component: hop.component, direction: hop.direction, at: hop.at, ids: hop.ids, ports, after: afterRules, before: was, ...(owner ? { owner } : {}) };
}

/** More gets through after than before (from unreachable or partial to something more reachable). */
function opens(before: Verdict, after: Verdict): boolean {
  return before !== 'unknown' && after !== 'unknown' && RANK[after] > RANK[before];
}

/** The first hop that stopped packets before and lets them through after, with the rules that now allow them. */
function openedCause(before: FlowResult, after: FlowResult, afterIndex?: SnapshotIndex): FlowCause | undefined {
  const hops = [...before.request, ...before.reply];
  const hop = hops.find((h) => h.decision === 'deny') ?? hops.find((h) => h.decision === 'partial');
  if (!hop) return undefined;
  const denied = hop.segments.filter((s) => s.decision === 'deny');
  const ports = denied.length > 0 ? denied.flatMap((s) => s.ports) : hop.ports;
  const same = [...after.request, ...after.reply].find((h) => h.leg === hop.leg && h.component === hop.component && h.direction === hop.direction && h.at === hop.at);
  const afterRules = same ? dedupeRules(same.segments.filter((s) => s.decision === 'allow' && overlaps(s, ports)).flatMap((s) => s.rules)) : [];
  const beforeRules = dedupeRules(denied.length > 0 ? denied.flatMap((s) => s.rules) : [sgImplicitDeny(hop.ids)]);
  const owner = afterIndex ? ownerLocation(afterIndex, hop) : undefined;
  return {
    effect: 'opened',
    leg: hop.leg,
    component: hop.component,
    direction: hop.direction,
    at: hop.at,
    ids: hop.ids,
    ports,
    after: afterRules,
    before: beforeRules.map((rule) => ({ rule })),
    ...(owner ? { owner } : {}),
  };
}

/** The rule of the after snapshot that is "the same" as a before rule: same NACL and number, or same group, protocol and peer. */
function sameRuleNow(index: SnapshotIndex, rule: RuleRef, direction: Hop['direction']): RuleRef | undefined {
  if (rule.isDefault) return undefined;
  if (rule.component === 'nacl') {
    const nacl = index.nacls.get(rule.ownerId);
    const found = (direction === 'outbound' ? nacl?.outbound : nacl?.inbound)?.find((r) => r.number === rule.number && !r.isDefaultDeny);
    return found ? naclRuleRef(found) : undefined;
  }
  const group = index.groups.get(rule.ownerId);
  const list = direction === 'egress' ? group?.egress : group?.ingress;
  const found =
    (rule.ruleId !== undefined ? list?.find((r) => r.ruleId === rule.ruleId) : undefined) ??
    list?.find((r) => describeProtocol(r.protocol) === rule.protocol && sgPeerText(r) === rule.peer);
  return found ? sgRuleRef(found) : undefined;
}

function ownerLocation(index: SnapshotIndex, hop: Hop): SourceLocation | undefined {
  const id = hop.ids[0];
  if (id === undefined) return undefined;
  return hop.component === 'nacl' ? index.nacls.get(id)?.source : index.groups.get(id)?.source;
}

/**
 * Where to point a reader at for a broken flow: the changed rule as it is now, else the deciding rule,
 * else the NACL or group of the hop.
 */
export function causeLocation(cause: FlowCause | undefined): SourceLocation | undefined {
  if (!cause) return undefined;
  if (cause.effect === 'opened') return cause.after.find((r) => r.source)?.source ?? cause.owner;
  return cause.before.find((w) => w.now?.source)?.now?.source ?? cause.after.find((r) => r.source)?.source ?? cause.owner;
}

function overlaps(segment: HopSegment, ports: readonly (readonly [number, number])[]): boolean {
  return segment.ports.some(([a, b]) => ports.some(([c, d]) => a <= d && c <= b));
}

function dedupeRules(rules: readonly RuleRef[]): RuleRef[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.component}|${r.ownerId}|${r.number ?? ''}|${r.ruleId ?? ''}|${r.protocol}|${r.peer}|${r.ports}|${r.action}|${r.source?.pointer ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The engine names flags (`--from`); in a flows file the same mistake is at a field of one flow (as `check` reports it). */
const FIELD_OF_FLAG: Readonly<Record<string, string>> = { '--from': 'from', '--to': 'to', '--port': 'port', '--protocol': 'protocol', '--client-ports': 'clientPorts' };

function inFlowsFile(p: InputProblem, f: FileFlow): InputProblem {
  const message = `${f.name !== undefined ? `flow "${f.name}": ` : ''}${p.message} (in neither snapshot)`;
  if (!f.source || !p.file.startsWith('--')) return { ...p, message };
  const field = FIELD_OF_FLAG[p.file];
  return { file: f.source.file, pointer: field !== undefined ? `${f.source.pointer}/${field}` : f.source.pointer, ...(f.source.line !== undefined ? { line: f.source.line } : {}), message };
}

function problemText(problems: readonly InputProblem[]): string {
  return problems.map((p) => p.message).join('; ') || 'the endpoints do not resolve';
}

function queryKey(q: FlowQuery): string {
  return `${q.protocol}|${q.port}|${q.from}|${q.to}|${q.clientPorts ?? ''}`;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers for reporters

/** The flows a reader should see: every change, and every flows-file flow. */
export function reportedFlows(result: Pick<DiffResult, 'flows'>): FlowChange[] {
  return result.flows.filter((f) => f.kind !== 'unchanged' || f.origin === 'file');
}

export function countFlows(result: Pick<DiffResult, 'flows'>): Record<FlowChangeKind, number> {
  const counts = Object.fromEntries(FLOW_CHANGE_KINDS.map((k) => [k, 0])) as Record<FlowChangeKind, number>;
  for (const f of result.flows) counts[f.kind]++;
  return counts;
}

/** `reachable → partial`. */
export function verdictsText(f: FlowChange): string {
  return `${f.before?.verdict ?? '(absent)'} → ${f.after?.verdict ?? '(absent)'}`;
}

/** A short label for a flow: `203.0.113.10 → web-1 tcp/443`. */
export function flowText(f: Pick<FlowChange, 'query' | 'before' | 'after'>): string {
  const r = f.after ?? f.before;
  const end = (ref: string, name: string | undefined) => (name !== undefined && name !== '' && name !== ref ? `${ref} (${name})` : ref);
  return `${end(f.query.from, r?.from.name)} → ${end(f.query.to, r?.to.name)} ${f.query.protocol}/${f.query.port}`;
}
