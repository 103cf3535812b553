import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildMatrix, MatrixTotals } from '../../src/engine/matrix.js';
import type { FlowResult } from '../../src/engine/types.js';
import { field, renderMatrixCsv } from '../../src/report/matrix-csv.js';
import { pairKey, renderMatrixHtml, scriptJson } from '../../src/report/matrix-html.js';
import { renderMatrixJson } from '../../src/report/matrix-json.js';
import { renderMatrixText } from '../../src/report/matrix-text.js';
import { CONTROL_CHARS } from '../commands/helpers.js';
import { eni, index, nacl, sg, subnet, vpc } from '../helpers/model.js';

/** Tag values are anyone's to set: with --by tag they become row and column labels in every format. */
const EVIL = '=HYPERLINK("http://x")\u001b[2J</script><b>"x",\r\n\u202e';

function tagged() {
  const idx = index({
    vpcs: [vpc('vpc-1', '10.0.0.0/16')],
    subnets: [subnet('subnet-a', '10.0.1.0/24')],
    nacls: [nacl('acl-a', { subnetIds: ['subnet-a'], inbound: [{ n: 100, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, cidr: '0.0.0.0/0' }] })],
    securityGroups: [sg('sg-a', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/16' }] })],
    enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-a'], { tags: { team: EVIL } }), eni('eni-2', 'subnet-a', '10.0.1.11', ['sg-a'], { tags: { team: 'ops' } })],
  });
  return buildMatrix(idx, { services: [{ name: 'https', protocol: 'tcp', port: 443 }], by: { kind: 'tag', key: 'team' } });
}

/**
 * subnet-a → subnet-b on https: eni-b1 lets it in, eni-b2 (sg-closed) does not — 1 reachable and 1
 * unreachable pair, a mixed cell; subnet-a → subnet-c: acl-c answers only 32768-65535, a partial cell.
 */
function mixed() {
  const all = [{ n: 100, cidr: '0.0.0.0/0' }];
  const idx = index({
    vpcs: [vpc('vpc-1', '10.0.0.0/16')],
    subnets: [subnet('subnet-a', '10.0.1.0/24'), subnet('subnet-b', '10.0.2.0/24'), subnet('subnet-c', '10.0.3.0/24')],
    nacls: [
      nacl('acl-ab', { subnetIds: ['subnet-a', 'subnet-b'], inbound: all, outbound: all }),
      nacl('acl-c', { subnetIds: ['subnet-c'], inbound: all, outbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }] }),
    ],
    securityGroups: [sg('sg-a'), sg('sg-open', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/16' }] }), sg('sg-closed')],
    enis: [eni('eni-a1', 'subnet-a', '10.0.1.10', ['sg-a']), eni('eni-b1', 'subnet-b', '10.0.2.10', ['sg-open']), eni('eni-b2', 'subnet-b', '10.0.2.11', ['sg-closed']), eni('eni-c1', 'subnet-c', '10.0.3.10', ['sg-open'])],
  });
  return buildMatrix(idx, { services: [{ name: 'https', protocol: 'tcp', port: 443 }], by: { kind: 'subnet' } });
}

describe('matrix text', () => {
  it('draws the grid and escapes control and bidi characters of labels', () => {
    const m = tagged();
    const text = renderMatrixText(m, m.rows(), { color: false, counts: true });
    expect(text).not.toMatch(CONTROL_CHARS);
    expect(text).toContain('\\x1b[2J');
    expect(text).toContain('\\u{202e}');
    expect(text).toMatch(/\n2 ops +✓ ·\n/);
    expect(text).toContain('  ✓ 1 → 2 https: 1 reachable; e.g. eni-1 → eni-2 (reachable)');
    expect(text).toContain('\n1 =HYPERLINK("http://x")\\x1b[2J</script><b>"x",\\x0d\\x0a\\u{202e}   · ✓\n');
  });

  it('a cell whose pairs disagree has its own mark (±), in the legend, and lists an example pair of each verdict', () => {
    const m = mixed();
    const text = renderMatrixText(m, m.rows(), { color: false, counts: true });
    expect(text).toContain('~ partial (replies to part of the client ports)');
    expect(text).toContain('± mixed (its pairs disagree)');
    expect(text).toMatch(/\n1 subnet-a +· ± ~\n/);
    expect(text).toContain('  ± 1 → 2 https: 1 reachable, 1 unreachable; e.g. eni-a1 → eni-b2 (unreachable), eni-a1 → eni-b1 (reachable)');
    expect(text).toContain('  ~ 1 → 3 https: 1 partial (50.8% of client ports get replies); e.g. eni-a1 → eni-c1 (partial)');
    expect(renderMatrixText(m, m.rows(), { color: true, counts: false })).toContain('\u001b[36m±\u001b[0m');
  });

  it('colours marks only when asked', () => {
    const m = tagged();
    expect(renderMatrixText(m, m.rows(), { color: true, counts: false })).toContain('\u001b[32m✓\u001b[0m');
    expect(renderMatrixText(m, m.rows(), { color: false, counts: false })).not.toContain('\u001b[');
  });
});

describe('matrix csv', () => {
  it('quotes fields that need it and defuses spreadsheet formulas', () => {
    expect(field('plain')).toBe('plain');
    expect(field('a,b')).toBe('"a,b"');
    expect(field('say "hi"')).toBe('"say ""hi"""');
    expect(field('=1+1')).toBe("'=1+1");
    expect(field('-2')).toBe("'-2");
    expect(field('@SUM(A1)')).toBe("'@SUM(A1)");
    const m = tagged();
    const csv = renderMatrixCsv(m, m.rows());
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")\u001b[2J</script><b>""x"",\r\n\u202e",ops,https,tcp,443,reachable`);
    expect(csv).toContain(`\r\nops,"'=HYPERLINK(`);
  });

  it('a cell whose pairs disagree is mixed, with its counts per pair verdict and an unreachable pair as example', () => {
    const m = mixed();
    const lines = renderMatrixCsv(m, m.rows()).split('\r\n');
    expect(lines).toContain('subnet-a,subnet-b,https,tcp,443,mixed,2,1,0,1,0,0,,,,eni-a1,eni-b2');
    expect(lines).toContain('subnet-a,subnet-c,https,tcp,443,partial,1,0,1,0,0,0,0.507937,0.507937,0.507937,eni-a1,eni-c1');
  });
});

describe('matrix json', () => {
  it('the streamed document is one JSON value that validates against the schema, C1/bidi escaped', () => {
    const m = tagged();
    const json = renderMatrixJson(m, m.rows(), new MatrixTotals(1));
    expect(json).not.toContain('\u202e');
    const doc = JSON.parse(json) as { groups: { id: string }[]; cells: unknown[]; summary: unknown };
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(new URL('../../schemas/matrix-output.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.groups.map((g) => g.id)).toEqual([EVIL, 'ops']);
    expect(doc.cells).toHaveLength(4);
    expect(doc.summary).toEqual({ enis: 2, classes: 2, groups: 2, services: [{ service: 'https', pairs: { reachable: 2, partial: 0, unreachable: 0, unknown: 0, skipped: 0 }, cells: { reachable: 2, partial: 0, unreachable: 0, unknown: 0, mixed: 0, none: 2 } }] });
  });
});

describe('matrix json: mixed cells', () => {
  it('a cell whose pairs disagree has verdict "mixed", counts per pair verdict and an example of each; the summary counts mixed cells', () => {
    const m = mixed();
    const doc = JSON.parse(renderMatrixJson(m, m.rows(), new MatrixTotals(1))) as {
      cells: { source: string; destination: string; verdict: string }[];
      summary: { services: { cells: Record<string, number> }[] };
    };
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(new URL('../../schemas/matrix-output.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.cells.find((c) => c.source === 'subnet-a' && c.destination === 'subnet-b')).toEqual({
      source: 'subnet-a',
      destination: 'subnet-b',
      service: 'https',
      verdict: 'mixed',
      pairs: 2,
      counts: { reachable: 1, partial: 0, unreachable: 1, unknown: 0, skipped: 0 },
      examples: { reachable: { from: 'eni-a1', to: 'eni-b1' }, unreachable: { from: 'eni-a1', to: 'eni-b2' } },
    });
    expect(doc.cells.find((c) => c.source === 'subnet-a' && c.destination === 'subnet-c')).toMatchObject({ verdict: 'partial', counts: { partial: 1 } });
    // mixed: a → b and b → b (eni-b2 → eni-b1 connects, eni-b1 → eni-b2 does not)
    expect(doc.summary.services[0]!.cells).toEqual({ reachable: 0, partial: 2, unreachable: 3, unknown: 0, mixed: 2, none: 2 });
  });

  it('the schema knows mixed as a cell verdict but not as a pair verdict', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/matrix-output.schema.json', import.meta.url), 'utf8')) as { $defs: { cell: { properties: { verdict: { enum: string[] } } }; verdict: { enum: string[] } } };
    expect(schema.$defs.cell.properties.verdict.enum).toContain('mixed');
    expect(schema.$defs.verdict.enum).not.toContain('mixed');
  });
});

describe('matrix html', () => {
  it('a mixed cell gets its own verdict code and one example pair of each verdict, each with its trace when given', () => {
    const m = mixed();
    const trace = { verdict: 'unreachable', summary: 'unreachable: x', protocol: 'tcp', port: 443, from: { address: '10.0.1.10' }, to: { address: '10.0.2.11' }, clientPorts: { range: [1024, 65535], profile: 'any', reason: 'r' }, request: [], reply: [], notes: [], fixes: [] };
    const traces = new Map([[pairKey('eni-a1', 'eni-b2', 0), trace as unknown as FlowResult]]);
    const html = renderMatrixHtml(m, [...m.rows()], { sources: ['x'], traces });
    const data = JSON.parse(/<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(html)![1]!) as { rows: unknown[][][]; traces: { verdict: string }[] };
    // row subnet-a: [→ a, → b, → c]; [verdict code, pairs, reachable, partial, unreachable, unknown, skipped, min, max, mean, examples]
    const [, toB, toC] = data.rows[0]!;
    expect(toB![0]).toBe(4);
    expect(toB!.slice(1, 7)).toEqual([2, 1, 0, 1, 0, 0]);
    expect(toB![10]).toEqual([
      ['eni-a1', 'eni-b2', 2, 0],
      ['eni-a1', 'eni-b1', 0, null],
    ]);
    expect(toC![0]).toBe(1);
    expect(toC![10]).toEqual([['eni-a1', 'eni-c1', 1, null]]);
    expect(data.traces.map((t) => t.verdict)).toEqual(['unreachable']);
    expect(html).toContain('<i class="v-mixed"></i>± mixed: the pairs disagree');
    expect(html).toMatch(/\.v-mixed \{ background: #[0-9a-f]{6}; \}/);
  });

  it('embeds data that no input string can break out of', () => {
    expect(scriptJson({ a: '</script><!--\u2028&' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028\\u0026"}');
    const m = tagged();
    const html = renderMatrixHtml(m, [...m.rows()], { sources: ['x'], traces: new Map() });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<b>');
    const data = JSON.parse(/<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(html)![1]!) as { groups: { id: string }[] };
    expect(data.groups.map((g) => g.id)).toContain(EVIL);
  });

  it('loads nothing: no URL, no external script, style or image, and a CSP that forbids fetching', () => {
    const m = tagged();
    const html = renderMatrixHtml(m, [...m.rows()], { sources: ['x'], traces: new Map() });
    const markup = html.replace(/<script type="application\/json" id="matrix-data">.*?<\/script>/s, '');
    expect(markup).not.toMatch(/https?:|<link|\ssrc=|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
  });
});
