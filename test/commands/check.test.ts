import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROL_CHARS, FIXTURES, NET, expectValid, runCli } from './helpers.js';

/** `synack check` as a user runs it: the built CLI in a child process, over test/fixtures/commands/net. */
const flows = (name: string) => `${FIXTURES}${name}`;

interface CheckJson {
  flows: { name?: string; verdict: string; pass: boolean; expect?: string; protocol: string; clientPorts: { range: number[]; profile: string } }[];
  summary: { total: number; passed: number; failed: number };
}

describe('synack check', () => {
  it('exits 0 when every flow of a YAML {flows: [...]} file gets its expected verdict', async () => {
    const r = await runCli(['check', NET, '--flows', flows('flows-pass.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      '✓ reachable    postgres from web  10.0.1.10 → 10.0.2.20 tcp/5432',
      '✓ partial      postgres from any client range  10.0.1.10 → 10.0.2.20 tcp/5432  (expected partial)',
      '✓ unreachable  ssh is closed  10.0.1.10 → 10.0.2.20 tcp/22  (expected unreachable)',
    ]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 flows: 3 passed, 0 failed');
  });

  it('exits 1 when a flow of a JSON list misses its expectation; a flow without expect must be reachable', async () => {
    const r = await runCli(['check', NET, '--flows', flows('flows-fail.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✓ reachable {4}postgres from web/);
    expect(r.stdout).toContain('✗ unreachable  dns from web  10.0.1.10 → 10.0.2.20 udp/53  (expected reachable)');
    expect(r.stdout).toContain('✗ partial      10.0.1.10 → 10.0.2.20 tcp/5432  (expected reachable)');
    // The failing flows in detail, hop by hop; the passing one not.
    expect(r.stdout).toContain('── flow 2 "dns from web" (10.0.1.10 → 10.0.2.20 udp/53): expected reachable, got unreachable');
    expect(r.stdout).not.toContain('── flow 1');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 flows: 1 passed, 2 failed');
  });

  it('--format json lists the flows in input order and validates against schemas/check-output.schema.json', async () => {
    const r = await runCli(['check', NET, '--flows', flows('flows-fail.json'), '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as CheckJson;
    expectValid('check-output.schema.json', out);
    expect(out.flows.map((f) => [f.name, f.protocol, f.verdict, f.pass])).toEqual([
      ['postgres from web', 'tcp', 'reachable', true],
      ['dns from web', 'udp', 'unreachable', false],
      [undefined, 'tcp', 'partial', false],
    ]);
    expect(out.flows[0]!.clientPorts).toMatchObject({ range: [32768, 60999], profile: 'custom' });
    expect(out.flows[1]!.clientPorts).toMatchObject({ range: [32768, 60999], profile: 'linux' });
    expect(out.summary).toEqual({ total: 3, passed: 1, failed: 2 });
  });

  it('--format json of a passing file validates too, with expect echoed only where given', async () => {
    const r = await runCli(['check', NET, '--flows', flows('flows-pass.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as CheckJson;
    expectValid('check-output.schema.json', out);
    expect(out.flows.map((f) => f.expect)).toEqual([undefined, 'partial', 'unreachable']);
    expect(out.flows.every((f) => f.pass)).toBe(true);
  });

  it('reads a bare YAML list and a JSON {flows: [...]} as well', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synack-check-'));
    const yamlList = join(dir, 'list.yml');
    writeFileSync(yamlList, '- {from: 10.0.1.10, to: 10.0.2.20, port: 22, expect: unreachable}\n');
    const jsonDoc = join(dir, 'doc.json');
    writeFileSync(jsonDoc, JSON.stringify({ flows: [{ from: '10.0.1.10', to: '10.0.2.20', port: 5432, clientPorts: 'linux', expect: 'reachable' }] }));
    for (const file of [yamlList, jsonDoc]) {
      const r = await runCli(['check', NET, '--flows', file]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });
});

describe('synack check: input errors exit 2, one line per problem on stderr, nothing on stdout', () => {
  it('a malformed flows file: file:line pointer: message for every problem', async () => {
    const file = flows('flows-malformed.yaml');
    const r = await runCli(['check', NET, '--flows', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${file}:6 /flows/1: missing required property "to"`,
      `${file}:8 /flows/1/port: port must be an integer, got "https"`,
      `${file}:9 /flows/1/expect: expect must be one of reachable, partial, unreachable, unknown, got "maybe"`,
    ]);
  });

  it('a flow whose endpoint is not in the snapshot, located in the flows file', async () => {
    const file = flows('flows-unknown-endpoint.yaml');
    const r = await runCli(['check', NET, '--flows', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5 /1/from: flow "ghost": .*eni-0ffffffffffffffff.*\\n$`));
  });

  it('a flows file that does not exist', async () => {
    const r = await runCli(['check', NET, '--flows', `${FIXTURES}nope.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${FIXTURES}nope.yaml: cannot read the flows file: no such file\n`);
  });

  it('a missing --flows flag', async () => {
    const r = await runCli(['check', NET]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('synack: Missing required flag flows (see --help)\n');
  });
});

describe('synack check: terminal safety', () => {
  it('writes no escape codes when not a terminal or with NO_COLOR, and escapes control characters from the input', async () => {
    for (const env of [{}, { NO_COLOR: '1', FORCE_COLOR: '1' }] as Record<string, string>[]) {
      const r = await runCli(['check', NET, '--flows', flows('flows-fail.json')], env);
      expect(r.stdout).not.toMatch(CONTROL_CHARS);
      expect(r.stdout).toContain('\\x1b]0;pwned');
    }
  });
});
