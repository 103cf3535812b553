import type {
  ClientPortChoice,
  EndpointSummary,
  FlowResult,
  Fix,
  Hop,
  HopSegment,
  ReturnPorts,
  RuleRef,
  Verdict,
} from '../engine/types.js';
import type { SourceLocation } from '../model/source.js';
import { escapeJsonText } from './escape.js';

/**
 * JSON output of `synack trace` (schemas/trace-output.schema.json) and `synack check`
 * (schemas/check-output.schema.json). Objects are built field by field, so the key order is fixed here and
 * not by whatever order the engine happened to create them in; optional fields are omitted, never null.
 */

/** One flow of a flows file after evaluation: what `renderCheck` / `checkToJson` format. */
export interface FlowCheck {
  /** The flow's `name` in the flows file. */
  readonly name?: string;
  /** The `expect` the flows file gave; absent means the flow is expected to be reachable. */
  readonly expect?: Verdict;
  /** verdict === (expect ?? 'reachable'). */
  readonly pass: boolean;
  readonly result: FlowResult;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function traceToJson(result: FlowResult): JsonObject {
  return flowObject(result, {});
}

export function checkToJson(checks: readonly FlowCheck[]): JsonObject {
  const passed = checks.filter((c) => c.pass).length;
  return {
    flows: checks.map((c) => flowObject(c.result, c)),
    summary: { total: checks.length, passed, failed: checks.length - passed },
  };
}

export function renderTraceJson(result: FlowResult): string {
  return stringify(traceToJson(result));
}

export function renderCheckJson(checks: readonly FlowCheck[]): string {
  return stringify(checkToJson(checks));
}

/** Two-space indented JSON with a final newline; C1/bidi controls escaped (see escapeJsonText). */
export function stringify(value: Json): string {
  return escapeJsonText(JSON.stringify(value, null, 2)) + '\n';
}

/** List items stringified together: parts of some 30,000–40,000 characters for findings. */
const BATCH = 16;

/**
 * `stringify` of a document that holds one long list (the findings of a lint), in parts to write one after
 * the other: the list at `path` (keys from the root, through plain objects and arrays) is made of `items`,
 * mapped by `toJson` a batch at a time. One string of the whole document would be tens of MB for a large
 * account, and cost more to build, escape and encode than everything else; the items' JSON values now live
 * only while their batch is written, too.
 */
export function* stringifyParts<T>(document: object, path: readonly (string | number)[], items: readonly T[], toJson: (item: T) => unknown): Generator<string> {
  yield* spine(document, 0, path, items, toJson);
  yield '\n';
}

/** The value at `depth` written member by member down `path`, to the list there, which is made of `items`. */
function* spine<T>(value: unknown, depth: number, path: readonly (string | number)[], items: readonly T[], toJson: (item: T) => unknown): Generator<string> {
  const pad = '\n' + '  '.repeat(depth);
  if (path.length === 0) {
    for (let i = 0; i < items.length; i += BATCH) yield escapeJsonText((i ? ',\n' : '[\n') + listItems(items.slice(i, i + BATCH).map(toJson), depth));
    yield items.length ? `${pad}]` : '[]';
    return;
  }
  const [next, ...after] = path;
  const list = Array.isArray(value);
  const members = list ? value.map((v, i) => [i, v] as const) : Object.entries(value as object);
  let text = list ? '[' : '{';
  let first = true;
  for (const [key, v] of members) {
    const head = (first ? '' : ',') + pad + '  ' + (list ? '' : `${JSON.stringify(key)}: `);
    if (key === next) {
      yield escapeJsonText(text + head);
      yield* spine(v, depth + 1, after, items, toJson);
      text = '';
    } else {
      // Members JSON.stringify leaves out of objects, and writes as null in lists.
      const json = (JSON.stringify(v, null, 2) as string | undefined) ?? (list ? 'null' : undefined);
      if (json === undefined) continue;
      text += head + json.replaceAll('\n', pad + '  ');
    }
    first = false;
  }
  yield escapeJsonText(`${text}${pad}${list ? ']' : '}'}`);
}

/** The values as JSON.stringify writes them as the items of a list at `depth`: nested that deep, then cut out. */
function listItems(values: unknown[], depth: number): string {
  let nested: unknown = values;
  for (let i = 0; i < depth; i++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  let start = 0;
  let end = text.length;
  for (let i = 0; i <= depth; i++) {
    start = text.indexOf('\n', start) + 1;
    end = text.lastIndexOf('\n', end - 1);
  }
  return text.slice(start, end);
}

function flowObject(r: FlowResult, check: Partial<FlowCheck>): JsonObject {
  const o: JsonObject = {};
  if (check.name !== undefined) o.name = check.name;
  o.from = r.query.from;
  o.to = r.query.to;
  o.protocol = r.protocol;
  o.port = num(r.port);
  if (check.expect !== undefined) o.expect = check.expect;
  o.verdict = r.verdict;
  if (check.pass !== undefined) o.pass = check.pass;
  o.summary = r.summary;
  o.endpoints = { from: endpoint(r.from), to: endpoint(r.to) };
  o.clientPorts = clientPorts(r.clientPorts);
  o.returnPorts = returnPorts(r.returnPorts);
  o.hops = [...r.request, ...r.reply].map(hop);
  o.fixes = r.fixes.map(fix);
  o.notes = [...r.notes];
  return o;
}

function endpoint(e: EndpointSummary): JsonObject {
  const o: JsonObject = { ref: e.ref, kind: e.kind, address: e.address };
  if (e.eniId !== undefined) o.eniId = e.eniId;
  if (e.instanceId !== undefined) o.instanceId = e.instanceId;
  if (e.subnetId !== undefined) o.subnetId = e.subnetId;
  if (e.vpcId !== undefined) o.vpcId = e.vpcId;
  if (e.groupIds !== undefined) o.groupIds = [...e.groupIds];
  if (e.name !== undefined) o.name = e.name;
  if (e.resolution !== undefined) o.resolution = e.resolution;
  return o;
}

function clientPorts(c: ClientPortChoice): JsonObject {
  return { range: range(c.range), profile: c.profile, reason: c.reason };
}

function returnPorts(p: ReturnPorts): JsonObject {
  return { range: range(p.range), allowed: p.allowed.map(range), fraction: fraction(p.fraction) };
}

function hop(h: Hop): JsonObject {
  const o: JsonObject = {
    leg: h.leg,
    component: h.component,
    direction: h.direction,
    at: h.at,
    ids: [...h.ids],
    decision: h.decision,
    ports: h.ports.map(range),
    segments: h.segments.map(segment),
  };
  if (h.note !== undefined) o.note = h.note;
  return o;
}

function segment(s: HopSegment): JsonObject {
  return { ports: s.ports.map(range), decision: s.decision, rules: s.rules.map(ruleRefToJson) };
}

/** A rule as every JSON output shows it (trace, check, diff causes). */
export function ruleRefToJson(r: RuleRef): JsonObject {
  const o: JsonObject = { component: r.component, ownerId: r.ownerId };
  if (r.number !== undefined) o.number = r.number;
  if (r.ruleId !== undefined) o.ruleId = r.ruleId;
  o.action = r.action;
  o.protocol = r.protocol;
  o.peer = r.peer;
  o.ports = r.ports;
  if (r.description !== undefined) o.description = r.description;
  o.isDefault = r.isDefault;
  if (r.source !== undefined) o.source = locationToJson(r.source);
  return o;
}

/** A source location as every JSON output shows it. */
export function locationToJson(l: SourceLocation): JsonObject {
  const o: JsonObject = { file: l.file, pointer: l.pointer };
  if (l.line !== undefined) o.line = l.line;
  if (l.address !== undefined) o.address = l.address;
  return o;
}

function fix(f: Fix): JsonObject {
  const ruleObject: JsonObject = {};
  if (f.rule.number !== undefined) ruleObject.number = num(f.rule.number);
  ruleObject.action = f.rule.action;
  ruleObject.protocol = f.rule.protocol;
  ruleObject.peer = f.rule.peer;
  ruleObject.ports = f.rule.ports;
  const o: JsonObject = {
    component: f.component,
    targetId: f.targetId,
    direction: f.direction,
    action: f.action,
    rule: ruleObject,
    summary: f.summary,
  };
  if (f.command !== undefined) o.command = f.command;
  return o;
}

function range(r: readonly [number, number] | readonly number[]): Json[] {
  return [num(r[0]!), num(r[1]!)];
}

/** Numbers only: a bigint leaking from the address arithmetic would make JSON.stringify throw. */
function num(n: number | bigint): number {
  return typeof n === 'bigint' ? Number(n) : n;
}

function fraction(f: number): number {
  if (!Number.isFinite(f)) return 0;
  return Math.min(1, Math.max(0, f));
}
