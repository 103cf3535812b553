import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { lintToJson, renderLintJson, summarize, toJson } from '../../src/report/lint-json.js';
import { CLEAN, EVIL_NAME, SAMPLE, missingReturn, suppressedByConfig } from '../fixtures/lint/sample-findings.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/lint-output.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

describe('lint JSON output', () => {
  it('validates against schemas/lint-output.schema.json, with and without findings', () => {
    for (const result of [SAMPLE, CLEAN]) {
      const doc = JSON.parse(renderLintJson(result)) as unknown;
      expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  it('has version, summary and findings, in that order', () => {
    const doc = lintToJson(SAMPLE);
    expect(Object.keys(doc)).toEqual(['version', 'summary', 'findings']);
    expect(doc.version).toBe(1);
  });

  it('counts unsuppressed findings per severity and suppressed ones apart', () => {
    expect(lintToJson(SAMPLE).summary).toEqual({ error: 1, warning: 2, note: 1, suppressed: 3 });
    expect(summarize(SAMPLE.findings).suppressedBy).toEqual({ config: 1, tag: 1, baseline: 1 });
    expect(lintToJson(CLEAN)).toEqual({ version: 1, summary: { error: 0, warning: 0, note: 0, suppressed: 0 }, findings: [] });
  });

  it('lists every finding in the given order, suppressed ones with their kind and reason', () => {
    const findings = lintToJson(SAMPLE).findings as { fingerprint: string; suppressed?: unknown }[];
    expect(findings.map((f) => f.fingerprint)).toEqual(SAMPLE.findings.map((f) => f.fingerprint));
    expect(findings.find((f) => f.fingerprint === suppressedByConfig.fingerprint)?.suppressed).toEqual({
      kind: 'config',
      reason: 'the bastion is behind port knocking (ticket SEC-12)',
    });
  });

  it('writes a finding with a fixed key order, omitting what it lacks and undefined details', () => {
    const [first] = lintToJson({ findings: [missingReturn] }).findings as Record<string, unknown>[];
    expect(Object.keys(first!)).toEqual(['ruleId', 'severity', 'message', 'resource', 'location', 'related', 'fix', 'fingerprint', 'key', 'details']);
    expect(first!.location).toEqual({ file: 'exports/network-acls.json', pointer: '/NetworkAcls/0/Entries/3', line: 25 });
    expect(first!.details).toEqual({ clientRange: [1024, 65535], deniedShare: 1 });
    expect(first!.related).toEqual([{ message: 'rule #32767 (the default deny) denies the replies', location: { file: 'exports/network-acls.json', pointer: '/NetworkAcls/0/Entries/1', line: 18 } }]);
  });

  it('is byte-for-byte stable', () => {
    expect(renderLintJson(SAMPLE)).toBe(renderLintJson({ findings: [...SAMPLE.findings] }));
  });

  it('keeps untrusted strings intact as data, with C1 and bidi controls as \\u escapes', () => {
    const text = renderLintJson(SAMPLE);
    expect(text).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(text).toContain('\\u202e');
    const doc = JSON.parse(text) as { findings: { resource: { name?: string } }[] };
    expect(doc.findings.some((f) => f.resource.name === EVIL_NAME)).toBe(true);
  });

  it('turns rule details into plain JSON', () => {
    class Cidr {
      constructor(readonly text: string) {}
    }
    expect(toJson({ a: 1n, b: NaN, c: new Set([1, 2]), d: new Map([['k', new Cidr('10.0.0.0/8')]]), e: undefined, f: [undefined] })).toEqual({
      a: '1',
      b: null,
      c: [1, 2],
      d: { k: '10.0.0.0/8' },
      f: [null],
    });
  });

  it('keeps a "__proto__" key of the details as a key', () => {
    const details = toJson(JSON.parse('{"__proto__": {"polluted": true}, "a": [1, null, 2]}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(Object.keys(details)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(details)).toBe('{"__proto__":{"polluted":true},"a":[1,null,2]}');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
