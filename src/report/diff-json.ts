import { countFlows, reportedFlows, type DiffResult, type FlowCause, type FlowChange } from '../analysis/diff.js';
import { locationToJson, ruleRefToJson, stringify, traceToJson, type Json } from './json.js';
import { findingToJson } from './lint-json.js';

/**
 * JSON output of `synack diff` (schemas/diff-output.schema.json). The flows listed are the flows-file flows
 * and every derived flow whose verdict changed (unchanged derived flows are only counted); each side of a
 * flow is the full trace, as `synack trace --format json` prints it. Keys in a fixed order; optional fields
 * omitted, never null.
 */

/** Format version of the document; bumped only on incompatible changes. */
export const DIFF_JSON_VERSION = 1;

type JsonObject = { [key: string]: Json };

export function diffToJson(result: DiffResult): JsonObject {
  const counts = countFlows(result);
  const introduced = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const c of result.findings.introduced) {
    if (c.finding.suppressed) introduced.suppressed++;
    else introduced[c.finding.severity]++;
  }
  return {
    version: DIFF_JSON_VERSION,
    verdict: result.gate.failed ? 'fail' : 'pass',
    failOn: result.failOn,
    reasons: [...result.gate.reasons],
    summary: {
      flows: {
        compared: result.flows.length,
        broken: counts.broken,
        worse: counts.worse,
        better: counts.better,
        changed: counts.changed,
        unchanged: counts.unchanged,
        onlyBefore: counts['only-before'],
        onlyAfter: counts['only-after'],
      },
      derived: { candidates: result.derived.candidates, compared: result.derived.compared, limit: result.derived.limit },
      findings: { introduced, resolved: result.findings.resolved.length, unchanged: result.findings.unchanged },
    },
    flows: reportedFlows(result).map(flowToJson),
    findings: {
      introduced: result.findings.introduced.map((c) => ({ change: c.change, gating: c.gating, finding: findingToJson(c.finding) })),
      resolved: result.findings.resolved.map((c) => ({ change: c.change, finding: findingToJson(c.finding) })),
    },
    endpoints: {
      onlyBefore: result.endpoints.onlyBefore.map((e) => ({ kind: e.kind, id: e.id, ...(e.name !== undefined ? { name: e.name } : {}) })),
      onlyAfter: result.endpoints.onlyAfter.map((e) => ({ kind: e.kind, id: e.id, ...(e.name !== undefined ? { name: e.name } : {}) })),
    },
    notes: [...result.notes],
  };
}

export function renderDiffJson(result: DiffResult): string {
  return stringify(diffToJson(result));
}

function flowToJson(f: FlowChange): JsonObject {
  const o: JsonObject = { origin: f.origin, kind: f.kind };
  if (f.name !== undefined) o.name = f.name;
  o.from = f.query.from;
  o.to = f.query.to;
  o.protocol = f.query.protocol;
  o.port = f.query.port;
  if (f.query.clientPorts !== undefined) o.clientPorts = f.query.clientPorts;
  if (f.expect !== undefined) o.expect = f.expect;
  if (f.source) o.source = locationToJson(f.source);
  if (f.allowedIn) o.allowedIn = [...f.allowedIn];
  if (f.represents) o.represents = { clients: f.represents.clients, servers: f.represents.servers };
  if (f.before) o.before = traceToJson(f.before);
  if (f.after) o.after = traceToJson(f.after);
  if (f.missing !== undefined) o.missing = f.missing;
  if (f.cause) o.cause = causeToJson(f.cause);
  return o;
}

function causeToJson(c: FlowCause): JsonObject {
  return {
    effect: c.effect,
    leg: c.leg,
    component: c.component,
    direction: c.direction,
    at: c.at,
    ids: [...c.ids],
    ports: c.ports.map(([a, b]) => [a, b]),
    after: c.after.map(ruleRefToJson),
    before: c.before.map((w): JsonObject => (w.now ? { rule: ruleRefToJson(w.rule), now: ruleRefToJson(w.now) } : { rule: ruleRefToJson(w.rule) })),
    ...(c.owner ? { owner: locationToJson(c.owner) } : {}),
  };
}

