import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkToJson, renderCheckJson, renderTraceJson, stringify, stringifyParts, traceToJson, type Json } from '../../src/report/json.js';
import { partial, reachable, unreachable } from './sample-results.js';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as { $defs: Record<string, unknown> };
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateTrace = ajv.compile(schema('trace-output.schema.json'));
const validateCheck = ajv.compile(schema('check-output.schema.json'));

describe('trace JSON', () => {
  it.each([
    ['reachable', reachable],
    ['partial', partial],
    ['unreachable', unreachable],
  ])('%s result validates against schemas/trace-output.schema.json', (_, result) => {
    const parsed = JSON.parse(renderTraceJson(result)) as unknown;
    expect(validateTrace(parsed), JSON.stringify(validateTrace.errors)).toBe(true);
  });

  it('keeps a stable key order, request hops before reply hops, each with its leg', () => {
    const o = traceToJson(partial);
    expect(Object.keys(o)).toEqual(['from', 'to', 'protocol', 'port', 'verdict', 'summary', 'endpoints', 'clientPorts', 'returnPorts', 'hops', 'fixes', 'notes']);
    const hops = o.hops as { leg: string }[];
    expect(hops.map((h) => h.leg)).toEqual(['request', 'request', 'request', 'request', 'reply', 'reply', 'reply', 'reply']);
    expect(o.returnPorts).toEqual({ range: [1024, 65535], allowed: [[32768, 65535]], fraction: 0.5 });
  });

  it('does not depend on the key order of the engine objects', () => {
    const shuffled = Object.fromEntries(Object.entries(partial).reverse()) as typeof partial;
    expect(renderTraceJson(shuffled)).toBe(renderTraceJson(partial));
  });

  it('omits absent optional fields rather than writing null', () => {
    expect(renderTraceJson(unreachable)).not.toContain('null');
  });

  it('escapes control characters in untrusted strings', () => {
    const text = renderTraceJson(unreachable);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('\\u001b]0;pwned');
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('check JSON', () => {
  const checks = [
    { name: 'web to db', pass: true, result: reachable },
    { expect: 'partial' as const, pass: true, result: partial },
    { name: 'ssh', expect: 'reachable' as const, pass: false, result: unreachable },
  ];

  it('validates against schemas/check-output.schema.json, flows in input order', () => {
    const parsed = JSON.parse(renderCheckJson(checks)) as { flows: { port: number; pass: boolean }[] };
    expect(validateCheck(parsed), JSON.stringify(validateCheck.errors)).toBe(true);
    expect(parsed.flows.map((f) => [f.port, f.pass])).toEqual([
      [5432, true],
      [5432, true],
      [22, false],
    ]);
  });

  it('puts the input fields first, then verdict and pass', () => {
    const flows = checkToJson(checks).flows as Record<string, unknown>[];
    expect(Object.keys(flows[2]!).slice(0, 8)).toEqual(['name', 'from', 'to', 'protocol', 'port', 'expect', 'verdict', 'pass']);
    expect(flows[0]).not.toHaveProperty('expect');
    expect(checkToJson(checks).summary).toEqual({ total: 3, passed: 2, failed: 1 });
  });
});

describe('output schemas', () => {
  it('share their definitions: a flow of check output is a trace output plus name/expect/pass', () => {
    const trace = schema('trace-output.schema.json');
    const check = schema('check-output.schema.json');
    const { flow, ...checkDefs } = check.$defs as Record<string, { properties: Record<string, unknown>; required: string[] }>;
    expect(checkDefs).toEqual(trace.$defs);
    const traceTop = trace as unknown as { properties: Record<string, unknown>; required: string[] };
    const { name, expect: exp, pass, ...rest } = flow!.properties;
    expect([name, exp, pass].every(Boolean)).toBe(true);
    expect(rest).toEqual(traceTop.properties);
    expect(flow!.required.filter((r) => r !== 'pass')).toEqual(traceTop.required);
  });
});

describe('stringifyParts', () => {
  // Strings with what JSON escapes, what escapeJsonText escapes, and line feeds (which the parts re-indent around).
  const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', '__proto__', 'a"b', 'back\\slash', 'line\nfeed', '\u009b31m', '\u202e', '\u2028', '😀', 'x'.repeat(40)));
  const value = fc.letrec((tie) => ({
    json: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), text, tie('list'), tie('object')),
    list: fc.array(tie('json'), { maxLength: 4 }),
    object: fc.array(fc.tuple(text, fc.oneof(tie('json'), fc.constant(undefined))), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  })).json as fc.Arbitrary<Json>;
  // One container of the way down to the list: an object with members around the list's key, or a list with items around it.
  const step = fc.oneof(
    fc.record({ before: fc.array(fc.tuple(text, value), { maxLength: 3 }), key: text, after: fc.array(fc.tuple(text, value), { maxLength: 3 }) }),
    fc.record({ before: fc.array(fc.oneof(value, fc.constant(undefined)), { maxLength: 3 }), after: fc.array(value, { maxLength: 3 }) }),
  );

  it('writes what stringify writes, whatever the document and the depth of its list', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 3 }), fc.array(value, { maxLength: 40 }), (steps, items) => {
        const toJson = (item: Json): Json => ({ item });
        const build = (list: unknown): { doc: unknown; path: (string | number)[] } => {
          let doc = list;
          const path: (string | number)[] = [];
          for (const s of [...steps].reverse()) {
            if ('key' in s) {
              const others = [...s.before, ...s.after].filter(([k]) => k !== s.key);
              doc = Object.fromEntries([...others.slice(0, s.before.length), [s.key, doc], ...others.slice(s.before.length)]);
              path.unshift(s.key);
            } else {
              doc = [...s.before, doc, ...s.after];
              path.unshift(s.before.length);
            }
          }
          return { doc, path };
        };
        const whole = build(items.map(toJson)).doc as Json;
        const { doc, path } = build([]);
        expect([...stringifyParts(doc as object, path, items, toJson)].join('')).toBe(stringify(whole));
      }),
      { numRuns: 300 },
    );
  });
});
