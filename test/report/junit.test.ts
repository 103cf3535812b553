import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/flow.js';
import { lintSnapshot } from '../../src/lint/run.js';
import { SnapshotIndex } from '../../src/model/snapshot-index.js';
import type { FlowCheck } from '../../src/report/json.js';
import { checkJUnit, diffJUnit, lintJUnit, renderJUnit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { diff, EVIL_NAME, NARROWED_WEB_OUT, net, sampleDiff } from '../fixtures/diff/networks.js';
import { all, parseXml, type XmlElement } from '../fixtures/diff/xml.js';

/** Parses strictly and checks the counts the suites claim against the cases they hold. */
function parsed(xml: string): XmlElement {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const root = parseXml(xml);
  expect(root.name).toBe('testsuites');
  let tests = 0;
  let failures = 0;
  for (const suite of all(root, 'testsuite')) {
    const cases = all(suite, 'testcase');
    const failed = cases.filter((c) => all(c, 'failure').length > 0).length;
    expect(Number(suite.attributes.tests)).toBe(cases.length);
    expect(Number(suite.attributes.failures)).toBe(failed);
    tests += cases.length;
    failures += failed;
  }
  expect(Number(root.attributes.tests)).toBe(tests);
  expect(Number(root.attributes.failures)).toBe(failures);
  return root;
}

const caseNamed = (root: XmlElement, name: string) => all(root, 'testcase').find((c) => c.attributes.name === name);

describe('JUnit XML', () => {
  it('lint: one test case per rule that ran; it fails with the findings at or above --fail-on, lists the others', () => {
    const result = lintSnapshot(net({ webOut: NARROWED_WEB_OUT }));
    const root = parsed(lintJUnit(result, 'warning'));
    expect(all(root, 'testcase').map((c) => c.attributes.name)).toEqual(result.rules.map((r) => r.meta.id));
    const partial = caseNamed(root, 'nacl-return-partial')!;
    const failure = all(partial, 'failure')[0]!;
    expect(failure.attributes).toMatchObject({ type: 'warning', message: '2 findings: 2 warnings' });
    expect(failure.text).toContain('warning acl-web: acl-web allows inbound tcp 443 from 0.0.0.0/0 (rule #100)');
    // With --fail-on error the same warnings pass, listed in system-out.
    const lenient = parsed(lintJUnit(result, 'error'));
    const passing = caseNamed(lenient, 'nacl-return-partial')!;
    expect(all(passing, 'failure')).toEqual([]);
    expect(all(passing, 'system-out')[0]!.text).toMatch(/^2 findings below --fail-on error:\nwarning acl-web/);
  });

  it('check: one test case per flow, failing when it misses its expectation, with the trace', () => {
    const index = new SnapshotIndex(net({ webOut: NARROWED_WEB_OUT }));
    const checks: FlowCheck[] = [
      { name: 'web → db', pass: true, result: traceFlow(index, { from: 'eni-web', to: 'eni-db', protocol: 'tcp', port: 5432 }) },
      { name: 'internet → web', pass: false, result: traceFlow(index, { from: '203.0.113.10', to: 'eni-web', protocol: 'tcp', port: 443 }) },
    ];
    const root = parsed(checkJUnit(checks, [{ file: 'flows.yaml', pointer: '/flows/0' }, { file: 'flows.yaml', pointer: '/flows/1' }]));
    const cases = all(root, 'testcase');
    expect(cases.map((c) => [c.attributes.name, c.attributes.file, all(c, 'failure').length])).toEqual([
      ['web → db (eni-web → eni-db tcp/5432)', 'flows.yaml', 0],
      ['internet → web (203.0.113.10 → eni-web tcp/443)', 'flows.yaml', 1],
    ]);
    const failure = all(cases[1]!, 'failure')[0]!;
    expect(failure.attributes.type).toBe('partial');
    expect(failure.attributes.message).toMatch(/^expected reachable, got partial: replies to client ports 1024-32767/);
    expect(failure.text).toContain('nacl outbound subnet-web');
  });

  it('diff: one test case per reported flow (broken ones fail) and per introduced finding (gating ones fail)', () => {
    const root = parsed(diffJUnit(sampleDiff()));
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(['synack diff: flows', 'synack diff: findings']);
    const flows = all(suites[0]!, 'testcase');
    expect(flows.filter((c) => all(c, 'failure').length > 0).map((c) => c.attributes.name)).toEqual([
      'the internet never reaches the database: 198.51.100.7 → eni-db (db-1) tcp/5432',
      '203.0.113.10 → eni-web (web-1) tcp/443',
    ]);
    const narrowed = all(flows.find((c) => c.attributes.name === '203.0.113.10 → eni-web (web-1) tcp/443')!, 'failure')[0]!;
    expect(narrowed.text).toContain('allowed before by: acl-web #110 allow tcp 1024-65535 0.0.0.0/0');
    expect(narrowed.text).toContain('now acl-web #110 allow tcp 32768-65535 0.0.0.0/0');
    const findings = all(suites[1]!, 'testcase');
    expect(findings.filter((c) => all(c, 'failure').length > 0).map((c) => c.attributes.name)).toEqual(['nacl-world-open-admin acl-db', 'sg-world-open-admin sg-db']);
  });

  it('diff: a change with nothing to report still has a passing case in each suite', () => {
    const root = parsed(diffJUnit(diff(net(), net())));
    expect(all(root, 'testcase').map((c) => [c.attributes.name, all(c, 'failure').length])).toEqual([
      [expect.stringMatching(/^no flow changed \(\d+ flows compared\)$/), 0],
      ['no new finding', 0],
    ]);
  });

  it('stays well-formed whatever the inputs hold: markup, CDATA ends, quotes, controls, lone surrogates, bidi', () => {
    const evil = `${EVIL_NAME} ]]> </testcase><testcase name="x"> " ' & \u0000\u0007\u000b\ud800 \udc00 \ufffe \u2066 \r\n\ttab`;
    const xml = renderJUnit(evil, [{ name: evil, cases: [{ name: evil, classname: evil, file: evil, failure: { message: evil, type: evil, text: evil }, systemOut: evil }] }]);
    const root = parsed(xml);
    const c = all(root, 'testcase');
    expect(c).toHaveLength(1);
    // What survives is the text, with unsafe characters made visible and newlines kept.
    expect(c[0]!.attributes.name).toContain('</testcase><testcase name="x">');
    expect(c[0]!.attributes.name).toContain('\\x00\\x07\\x0b\\u{d800} \\u{dc00} \\u{fffe} \\u{2066}');
    expect(c[0]!.attributes.name).toContain('\r\n\ttab');
    expect(all(c[0]!, 'failure')[0]!.text).toContain('\r\n\ttab');
    expect(all(c[0]!, 'system-out')[0]!.text).toContain(' ]]> ');
    // A real lint run over a network whose names carry the same: still one document.
    parsed(diffJUnit(sampleDiff(evil)));
  });

  it('the parser used here rejects what GitLab would reject (the check is not vacuous)', () => {
    expect(() => parseXml('<a>\u0000</a>')).toThrow();
    expect(() => parseXml('<a b="<"/>')).toThrow();
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow();
    expect(() => parseXml('<a></b>')).toThrow();
  });

  it('escapes exactly what XML needs', () => {
    expect(xmlText('a < b && c > d\r')).toBe('a &lt; b &amp;&amp; c &gt; d&#13;');
    expect(xmlAttr(`"it's"\n\t`)).toBe('&quot;it&apos;s&quot;&#10;&#9;');
    expect(xmlText('😀 emoji stays')).toBe('😀 emoji stays');
  });
});
