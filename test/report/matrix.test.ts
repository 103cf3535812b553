import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildMatrix, MatrixTotals } from '../../src/engine/matrix.js';
import { field, renderMatrixCsv } from '../../src/report/matrix-csv.js';
import { renderMatrixHtml, scriptJson } from '../../src/report/matrix-html.js';
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
    expect(doc.summary).toEqual({ enis: 2, classes: 2, groups: 2, services: [{ service: 'https', pairs: { reachable: 2, partial: 0, unreachable: 0, unknown: 0, skipped: 0 }, cells: { reachable: 2, partial: 0, unreachable: 0, unknown: 0, none: 2 } }] });
  });
});

describe('matrix html', () => {
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
