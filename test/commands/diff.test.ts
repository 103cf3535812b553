import { describe, expect, it } from 'vitest';
import { diffOutputValidator } from '../fixtures/diff/schema.js';
import { all, parseXml } from '../fixtures/diff/xml.js';
import { sarifValidator } from '../fixtures/lint/sarif-schema.js';
import { CONTROL_CHARS, runCli } from './helpers.js';

/** `synack diff` as a user runs it: the built CLI in a child process. */

const DIR = 'test/fixtures/diff';
const BEFORE = `${DIR}/aws/before`;
const AFTER = `${DIR}/aws/after`;
const FLOWS = `${DIR}/flows.yaml`;
/** Outside GitHub Actions, whatever the machine running the tests says. */
const LOCAL = { GITHUB_ACTIONS: '' };
const ON_GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: process.cwd() };

describe('synack diff', () => {
  it('exits 0 and says so when the change breaks nothing', async () => {
    const r = await runCli(['diff', '--before', BEFORE, '--after', BEFORE], LOCAL);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('✓ synack diff: no flow that worked is broken and no new finding at or above error');
  });

  it('exits 1 when the change breaks return traffic that worked, naming the rule that changed', async () => {
    const r = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--flows', FLOWS], LOCAL);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ customers reach the load balancer: 198.51.100.7 → eni-0alb000000000000a tcp/443  reachable → partial');
    expect(r.stdout).toMatch(/before +acl-0pub0000000000001 #120 tcp 1024-65535 → 0\.0\.0\.0\/0 +test\/fixtures\/diff\/aws\/before\/network-acls\.json:72/);
    expect(r.stdout).toMatch(/now +acl-0pub0000000000001 #120 tcp 32768-65535 → 0\.0\.0\.0\/0 +test\/fixtures\/diff\/aws\/after\/network-acls\.json:72/);
  });

  it('--format json validates against schemas/diff-output.schema.json', async () => {
    const r = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--flows', FLOWS, '--format', 'json'], LOCAL);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { verdict: string; flows: { name?: string; kind: string }[] };
    const validate = diffOutputValidator();
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(doc.verdict).toBe('fail');
    expect(doc.flows.filter((f) => f.name !== undefined).map((f) => [f.name, f.kind])).toEqual([
      ['customers reach the load balancer', 'broken'],
      ['the load balancer reaches the app servers', 'unchanged'],
      ['the internet never reaches the database', 'unchanged'],
    ]);
  });

  it('--format sarif is valid SARIF 2.1.0 with the broken flows and new findings; --format junit is valid XML', async () => {
    const sarif = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--format', 'sarif'], LOCAL);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const broken = log.runs[0]!.results.filter((x) => x.ruleId === 'flow-broken');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0]!.locations[0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'test/fixtures/diff/aws/after/network-acls.json', uriBaseId: '%SRCROOT%' });

    const junit = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--format', 'junit'], LOCAL);
    expect(junit.code).toBe(1);
    const root = parseXml(junit.stdout);
    expect(all(root, 'failure').length).toBeGreaterThan(0);
  });

  it('--format markdown starts with the verdict', async () => {
    const r = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--format', 'markdown'], LOCAL);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('### ❌ synack diff: breaks 4 flows that worked');
  });

  it('--fail-on warning also fails on the new warnings; --fail-on none still fails on a broken flow', async () => {
    const fixed = await runCli(['diff', '--before', AFTER, '--after', BEFORE, '--fail-on', 'warning'], LOCAL);
    expect(fixed.code).toBe(0);
    const none = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--fail-on', 'none', '--max-derived-flows', '0'], LOCAL);
    expect(none.code).toBe(0);
    const warn = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--fail-on', 'warning', '--max-derived-flows', '0'], LOCAL);
    expect(warn.code).toBe(1);
    expect(warn.stdout.split('\n')[0]).toMatch(/introduces \d+ new findings at or above warning/);
  });

  it('exits 2 on usage and input errors, with nothing on stdout', async () => {
    const missing = await runCli(['diff', '--before', BEFORE], LOCAL);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^synack: Missing required flag after/);
    const unreadable = await runCli(['diff', '--before', BEFORE, '--after', `${DIR}/nope.json`], LOCAL);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toBe('');
    expect(unreadable.stderr).toContain('nope.json');
  });

  it('on GitHub Actions writes annotations to stderr and leaves stdout the report; --no-annotations turns them off', async () => {
    const r = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--format', 'json'], ON_GITHUB);
    expect(r.code).toBe(1);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=test\/fixtures\/diff\/aws\/after\/network-acls\.json,line=72,title=synack diff%3A broken flow tcp\/\d+::/);
    expect(lines.every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    expect(r.stderr).not.toMatch(CONTROL_CHARS);
    const off = await runCli(['diff', '--before', BEFORE, '--after', AFTER, '--no-annotations'], ON_GITHUB);
    expect(off.stderr).toBe('');
  });

  it('lint and check gain --format junit and annotations too', async () => {
    const lint = await runCli(['lint', AFTER, '--format', 'junit', '--fail-on', 'warning'], ON_GITHUB);
    expect(lint.code).toBe(1);
    const suite = parseXml(lint.stdout);
    expect(all(suite, 'testcase').find((c) => c.attributes.name === 'nacl-return-partial')!.children.map((c) => c.name)).toContain('failure');
    expect(lint.stderr).toMatch(/^::warning file=test\/fixtures\/diff\/aws\/after\/network-acls\.json,line=\d+,title=synack nacl-return-partial::/m);

    const check = await runCli(['check', AFTER, '--flows', FLOWS, '--format', 'junit'], ON_GITHUB);
    expect(check.code).toBe(1);
    const cases = all(parseXml(check.stdout), 'testcase');
    expect(cases.map((c) => [c.attributes.file, c.children.some((x) => x.name === 'failure')])).toEqual([
      ['test/fixtures/diff/flows.yaml', true],
      ['test/fixtures/diff/flows.yaml', false],
      ['test/fixtures/diff/flows.yaml', false],
    ]);
    expect(check.stderr).toMatch(/^::error file=test\/fixtures\/diff\/flows\.yaml,line=2,title=synack check%3A customers reach the load balancer::/);
    const quiet = await runCli(['check', AFTER, '--flows', FLOWS, '--no-annotations'], ON_GITHUB);
    expect(quiet.stderr).toBe('');
  });
});
