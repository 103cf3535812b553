import { describe, expect, it } from 'vitest';
import { diffToJson, renderDiffJson } from '../../src/report/diff-json.js';
import { diff, EVIL_NAME, net, sampleDiff } from '../fixtures/diff/networks.js';
import { diffOutputValidator } from '../fixtures/diff/schema.js';

interface DiffJson {
  verdict: string;
  reasons: string[];
  summary: { flows: Record<string, number>; derived: Record<string, number>; findings: { introduced: Record<string, number>; resolved: number } };
  flows: { origin: string; kind: string; name?: string; before?: { verdict: string }; after?: { verdict: string; hops: unknown[] }; cause?: { effect: string; before: { rule: { number?: number }; now?: { ports: string } }[] } }[];
  findings: { introduced: { change: string; gating: boolean; finding: { ruleId: string; severity: string } }[]; resolved: unknown[] };
}

function validated(text: string): DiffJson {
  const doc = JSON.parse(text) as unknown;
  const validate = diffOutputValidator();
  expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return doc as DiffJson;
}

describe('synack diff --format json', () => {
  it('matches schemas/diff-output.schema.json, with broken, more reachable and unchanged flows, causes and findings', () => {
    const doc = validated(renderDiffJson(sampleDiff()));
    expect(doc.verdict).toBe('fail');
    expect(doc.summary.flows).toMatchObject({ broken: 2, better: 1 });
    expect(doc.flows.map((f) => [f.origin, f.kind])).toEqual([
      ['file', 'unchanged'],
      ['file', 'broken'],
      ['derived', 'better'],
      ['derived', 'broken'],
    ]);
    const narrowed = doc.flows[3]!;
    expect(narrowed.cause).toMatchObject({ effect: 'closed', before: [{ rule: { number: 110 }, now: { ports: '32768-65535' } }] });
    // Each side is the full trace, as `synack trace --format json` prints it.
    expect(narrowed.after!.hops).toHaveLength(8);
    expect(doc.findings.introduced.filter((i) => i.gating).map((i) => i.finding.ruleId)).toEqual(['nacl-world-open-admin', 'sg-world-open-admin']);
  });

  it('matches the schema for a change that changes nothing, and lists no derived flow then', () => {
    const doc = validated(renderDiffJson(diff(net(), net())));
    expect(doc).toMatchObject({ verdict: 'pass', reasons: [], flows: [], findings: { introduced: [], resolved: [] } });
    expect(doc.summary.flows.unchanged).toBe(doc.summary.flows.compared);
  });

  it('matches the schema for flows on one side only, and keeps untrusted names as data', () => {
    const before = net({ webName: EVIL_NAME });
    const after = net({ webName: EVIL_NAME, parts: { enis: [net().enis[0]!] } });
    const doc = validated(renderDiffJson(diff(before, after, { flows: [{ from: 'eni-web', to: 'eni-db', protocol: 'tcp', port: 5432 }] })));
    expect(doc.flows[0]!.kind).toBe('only-before');
    expect(JSON.stringify(doc)).toContain('web<img');
  });

  it('the schema rejects what it should (the validation is not vacuous)', () => {
    const doc = diffToJson(sampleDiff()) as { flows: { kind: string }[] };
    doc.flows[0]!.kind = 'exploded';
    expect(diffOutputValidator()(doc)).toBe(false);
  });
});
