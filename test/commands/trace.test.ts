import { describe, expect, it } from 'vitest';
import { CONTROL_CHARS, NET, expectValid, runCli } from './helpers.js';

/** `synack trace` as a user runs it: the built CLI in a child process, over test/fixtures/commands/net. */
const web = ['--from', '10.0.1.10', '--to', '10.0.2.20'];

describe('synack trace: exit codes', () => {
  it('exits 0 when the flow is reachable both ways', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432', '--client-ports', 'linux']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TCP 10\.0\.1\.10 .*→ 10\.0\.2\.20:5432 .*client ports 32768-60999 \(linux: /);
    expect(r.stdout).toMatch(/\nverdict {2}REACHABLE/);
  });

  it('exits 1 when replies reach only part of the client ports (1024-65535 by default for an unknown client)', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nverdict {2}PARTIAL/);
    expect(r.stdout).toMatch(/\n {6}✗ deny +1024-32767 +#32767 default deny/);
    expect(r.stdout).toMatch(/\nfix {6}.*acl-0b2b2b2b2b2b2b2b2 outbound/);
  });

  it('exits 1 when the request is denied', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '22']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ nacl outbound subnet-0a1a1a1a1a1a1a1a1 acl-0a1a1a1a1a1a1a1a1 +deny/);
    expect(r.stdout).toMatch(/\nverdict {2}UNREACHABLE/);
  });

  it('exits 1 for UDP whose replies are denied by a NACL that only allows TCP back', async () => {
    const r = await runCli(['trace', NET, ...web, '--protocol', 'udp', '--port', '53', '--client-ports', 'linux']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^UDP /);
    expect(r.stdout).toMatch(/\nverdict {2}UNREACHABLE/);
  });
});

describe('synack trace: usage and input errors exit 2 with one line on stderr and nothing on stdout', () => {
  it.each([
    ['a missing flag', [NET, ...web], /^synack: Missing required flag port \(see --help\)\n$/],
    ['a non-numeric port', [NET, ...web, '--port', 'https'], /^synack: Parsing --port: Expected an integer but received: https \(see --help\)\n$/],
    ['a port out of range', [NET, ...web, '--port', '70000'], /^synack: .*65535.*\(see --help\)\n$/],
    ['an unknown flag', [NET, ...web, '--port', '1', '--colour'], /^synack: Nonexistent flag: --colour \(see --help\)\n$/],
    ['a bad --format', [NET, ...web, '--port', '1', '--format', 'xml'], /^synack: Expected --format=xml to be one of: text, json \(see --help\)\n$/],
    ['a bad --protocol', [NET, ...web, '--port', '1', '--protocol', 'icmp'], /^synack: Expected --protocol=icmp to be one of: tcp, udp \(see --help\)\n$/],
    ['no sources', [...web, '--port', '1'], /^synack: missing required argument: sources \(see --help\)\n$/],
  ])('%s', async (_, args, stderr) => {
    const r = await runCli(['trace', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });

  it('an endpoint that is not in the snapshot', async () => {
    const r = await runCli(['trace', NET, '--from', 'eni-0ffffffffffffffff', '--to', '10.0.2.20', '--port', '5432', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^--from: .*eni-0ffffffffffffffff.*\n$/);
  });

  it('a bad --client-ports', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432', '--client-ports', 'macos']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^--client-ports: .*"macos"\n$/);
  });

  it('a source that does not exist', async () => {
    const r = await runCli(['trace', `${NET}/missing.json`, ...web, '--port', '5432']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('missing.json');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('synack trace --format json', () => {
  it.each([
    ['reachable', ['--port', '5432', '--client-ports', 'linux'], 0],
    ['partial', ['--port', '5432'], 1],
    ['unreachable', ['--port', '22'], 1],
  ])('a %s flow validates against schemas/trace-output.schema.json', async (verdict, args, code) => {
    const r = await runCli(['trace', NET, ...web, ...args, '--format', 'json']);
    expect(r.code).toBe(code);
    const out = JSON.parse(r.stdout) as { verdict: string; hops: { leg: string }[]; returnPorts: { fraction: number } };
    expectValid('trace-output.schema.json', out);
    expect(out.verdict).toBe(verdict);
    expect(out.hops.map((h) => h.leg)).toEqual(['request', 'request', 'request', 'request', 'reply', 'reply', 'reply', 'reply']);
  });

  it('carries the source line of every rule it names', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { hops: { segments: { rules: { source?: { file: string; line?: number } }[] }[] }[] };
    const sources = out.hops.flatMap((h) => h.segments.flatMap((s) => s.rules.flatMap((rule) => (rule.source ? [rule.source] : []))));
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s.line, JSON.stringify(s)).toBeGreaterThan(0);
  });
});

describe('synack trace: terminal safety', () => {
  it('writes no escape codes when stdout is not a terminal', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432']);
    expect(r.stdout).not.toContain('\u001b');
  });

  it('writes no escape codes with NO_COLOR, even when colour is forced', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(r.stdout).not.toContain('\u001b');
  });

  it('writes no escape codes with --no-color, even when colour is forced', async () => {
    const r = await runCli(['trace', NET, ...web, '--port', '5432', '--no-color'], { FORCE_COLOR: '1' });
    expect(r.stdout).not.toContain('\u001b');
  });

  it('keeps control characters of a rule description and a Name tag off the terminal, with or without colour', async () => {
    for (const extra of [[], ['--color']]) {
      const r = await runCli(['trace', NET, ...web, '--port', '5432', ...extra]);
      // eslint-disable-next-line no-control-regex
      const withoutOurColours = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
      expect(withoutOurColours).not.toMatch(CONTROL_CHARS);
      expect(r.stdout).toContain('"all out \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u{202e}evil"');
      expect(r.stdout).toContain('db-a\\x1b[5m');
      if (extra.length) expect(r.stdout).toContain('\u001b[32m✓\u001b[0m');
    }
  });
});
