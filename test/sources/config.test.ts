import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsOf } from '../../src/cli/lint.js';
import { RULES } from '../../src/lint/registry.js';
import { DEFAULT_ADMIN_PORTS, DEFAULT_WEB_PORTS } from '../../src/lint/types.js';
import { formatProblem, InputError } from '../../src/model/errors.js';
import { baselineText, parseBaselineText, readBaselineFile, writeBaselineFile } from '../../src/sources/baseline.js';
import { findDefaultConfig, parseConfigText, readConfigFile } from '../../src/sources/config.js';

const IDS = RULES.map((r) => r.meta.id);
const parse = (text: string, file = '.synack.yml') => parseConfigText(text, file, IDS);

/** The `file:line pointer: message` lines the command would print for this text. */
function problems(text: string, file = '.synack.yml'): string[] {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof InputError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

const FULL = `# synack lint configuration
rules:
  sg-unused: off
  sg-world-open: error
  nacl-return-partial: { severity: note }
  quota-exceeded: { enabled: false }
adminPorts: [22, 3389, 5432, 22]
webPorts: [80, 443, 8443]
clientPorts:
  default: linux
  subnets:
    subnet-lb: nat-gateway
  enis:
    eni-win: windows
  tags:
    OS=windows: 49152-65535
    Role=legacy: windows-legacy
ignore:
  - rule: sg-world-open-admin
    resource: sg-bastion
    reason: the bastion only answers to port knocking (SEC-12)
  - resource: sg-public-dns
    reason: public resolver by design
  - rule: sg-unused
    reason: groups are pre-created by the platform team
`;

describe('the lint configuration file', () => {
  it('reads rules, ports, client ranges and ignores', () => {
    const c = parse(FULL);
    expect(c.rules).toEqual({
      'sg-unused': { enabled: false },
      'sg-world-open': { severity: 'error' },
      'nacl-return-partial': { severity: 'note' },
      'quota-exceeded': { enabled: false },
    });
    expect(c.adminPorts).toEqual([22, 3389, 5432]);
    expect(c.webPorts).toEqual([80, 443, 8443]);
    expect(c.clientPorts.default).toEqual({ value: 'linux', source: { file: '.synack.yml', pointer: '/clientPorts/default', line: 10 } });
    expect(c.clientPorts.tags.map((t) => [t.key, t.tagValue, t.value])).toEqual([
      ['OS', 'windows', '49152-65535'],
      ['Role', 'legacy', 'windows-legacy'],
    ]);
    expect(c.ignores.map(({ ruleId, resourceId, reason }) => ({ ruleId, resourceId, reason }))).toEqual([
      { ruleId: 'sg-world-open-admin', resourceId: 'sg-bastion', reason: 'the bastion only answers to port knocking (SEC-12)' },
      { ruleId: undefined, resourceId: 'sg-public-dns', reason: 'public resolver by design' },
      { ruleId: 'sg-unused', resourceId: undefined, reason: 'groups are pre-created by the platform team' },
    ]);
    expect(c.ignores[0]!.source.line).toBe(19);
  });

  it('reads an empty file, and JSON, as configurations too', () => {
    expect(parse('')).toMatchObject({ rules: {}, ignores: [], clientPorts: { subnets: {}, enis: {}, tags: [] } });
    expect(parse('# nothing yet\n').adminPorts).toBeUndefined();
    expect(parse('{"rules": {"sg-unused": "off"}}', 'synack.json').rules).toEqual({ 'sg-unused': { enabled: false } });
  });

  it('rejects an unknown rule id, listing the valid ones, at its line', () => {
    const [p, ...rest] = problems('rules:\n  sg-unused: off\n  nacl-return-mising: warning\n');
    expect(rest).toEqual([]);
    expect(p).toMatch(/^\.synack\.yml:3 \/rules\/nacl-return-mising: unknown rule "nacl-return-mising" \(valid rules: default-sg-has-rules, .*nacl-return-missing, .*sg-world-open-admin\)$/);
    expect(problems('ignore:\n  - rule: sg-wide-open\n    reason: x\n')).toEqual([expect.stringMatching(/^\.synack\.yml:2 \/ignore\/0\/rule: unknown rule "sg-wide-open" \(valid rules: /)]);
  });

  it('reports every schema problem at once, each with its line and pointer', () => {
    const text = [
      'rules:', //                                   1
      '  sg-unused: fatal', //                       2
      '  sg-world-open: {severity: high}', //        3
      'adminPorts: [22, 70000]', //                  4
      'webPorts: 443', //                            5
      'clientPorts:', //                             6
      '  default: solaris', //                       7
      '  subnets: {subnet-1: 60999-32768}', //       8
      '  tags: {windows: windows}', //               9
      'ignore:', //                                  10
      '  - rule: sg-unused', //                      11
      '  - reason: because', //                      12
      'extra: 1', //                                 13
    ].join('\n');
    expect(problems(text)).toEqual([
      '.synack.yml:2 /rules/sg-unused: the setting of rule "sg-unused" must be off, error, warning, note or {enabled, severity}, got "fatal"',
      '.synack.yml:3 /rules/sg-world-open/severity: severity must be one of error, warning, note, got "high"',
      '.synack.yml:4 /adminPorts/1: a port must be from 0 to 65535, got 70000',
      '.synack.yml:5 /webPorts: webPorts must be a list, got 443',
      '.synack.yml:7 /clientPorts/default: client ports must be a port range "lo-hi" (e.g. 32768-60999) or a profile (linux, windows, windows-legacy, nat-gateway, elb, lambda, any), got "solaris"',
      '.synack.yml:9 /clientPorts/tags/windows: tag "windows" must be written Key=Value',
      '.synack.yml:11 /ignore/0: an ignore entry needs a "reason": say why the finding is accepted',
      '.synack.yml:12 /ignore/1: an ignore entry needs "rule", "resource" or both',
      '.synack.yml:13 /extra: unknown property "extra" (expected one of rules, adminPorts, webPorts, clientPorts, ignore)',
    ]);
  });

  it('explains a rule setting that is neither a word nor {enabled, severity}', () => {
    expect(problems('rules:\n  sg-unused: 3\n  sg-world-open: {}\n  ipv6-gap: {enabled: true, colour: red}\n')).toEqual([
      '.synack.yml:2 /rules/sg-unused: the setting of rule "sg-unused" must be off, error, warning, note or {enabled, severity}, got 3',
      '.synack.yml:3 /rules/sg-world-open: the setting of rule "sg-world-open" is empty: give enabled, severity or both',
      '.synack.yml:4 /rules/ipv6-gap/colour: unknown property "colour" (expected one of enabled, severity)',
    ]);
  });

  it('rejects a port range whose ends are reversed, after the schema checks pass', () => {
    expect(problems('clientPorts:\n  subnets:\n    subnet-1: 60999-32768\n')).toEqual([
      '.synack.yml:3 /clientPorts/subnets/subnet-1: "60999-32768" is not a port range: expected lo-hi with 0 <= lo <= hi <= 65535',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys at their line', () => {
    expect(problems('rules:\n  sg-unused: off\n  sg-unused: error\n')).toEqual([expect.stringMatching(/^\.synack\.yml:3: invalid YAML: Map keys must be unique/)]);
    expect(problems('rules: [off\nadminPorts: 1\n')).toEqual([expect.stringMatching(/^\.synack\.yml:\d+: invalid YAML: /)]);
    expect(problems('- just\n- a list\n')).toEqual(['.synack.yml:1: the configuration must be a mapping (rules, adminPorts, webPorts, clientPorts, ignore), got a list']);
  });

  it('is not fooled by __proto__ keys', () => {
    const c = parse('clientPorts:\n  subnets:\n    __proto__: linux\n');
    expect(Object.hasOwn(c.clientPorts.subnets, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).value).toBeUndefined();
  });
});

describe('settings from the configuration', () => {
  const c = parse(FULL);
  const s = settingsOf(c);

  it('replaces the port lists when given, keeps the defaults otherwise', () => {
    expect(s.adminPorts).toEqual([22, 3389, 5432]);
    expect(settingsOf(parse('')).adminPorts).toBe(DEFAULT_ADMIN_PORTS);
    expect(settingsOf(undefined).webPorts).toBe(DEFAULT_WEB_PORTS);
  });

  it('picks the most specific client range: ENI, ENI tag, subnet, subnet tag, default', () => {
    const range = (t: Parameters<typeof s.clientPortsFor>[0]) => s.clientPortsFor(t)?.range.join('-');
    expect(range({ eniId: 'eni-win', subnetId: 'subnet-lb', tags: { Role: 'legacy' } })).toBe('49152-65535');
    expect(range({ eniId: 'eni-x', subnetId: 'subnet-lb', tags: { Role: 'legacy' } })).toBe('1025-5000');
    expect(range({ eniId: 'eni-x', subnetId: 'subnet-lb', tags: {} })).toBe('1024-65535');
    expect(range({ subnetId: 'subnet-lb', tags: { OS: 'windows' } })).toBe('1024-65535');
    expect(range({ subnetId: 'subnet-other', tags: { OS: 'windows' } })).toBe('49152-65535');
    expect(range({ subnetId: 'subnet-other', tags: { OS: 'linux' } })).toBe('32768-60999');
    expect(range({})).toBe('32768-60999');
  });

  it('says where a client range came from', () => {
    expect(s.clientPortsFor({ subnetId: 'subnet-lb' })).toEqual({ range: [1024, 65535], profile: 'nat-gateway', reason: '.synack.yml:12: clientPorts for subnet-lb nat-gateway' });
    expect(s.clientPortsFor({ subnetId: 'subnet-x', tags: { OS: 'windows' } })?.reason).toBe('.synack.yml:16: clientPorts for tag OS=windows of subnet-x 49152-65535');
  });

  it('gives no client range when the configuration has none for the target (the rules infer one)', () => {
    expect(settingsOf(parse('clientPorts: {subnets: {subnet-1: linux}}')).clientPortsFor({ subnetId: 'subnet-2' })).toBeUndefined();
    expect(settingsOf(undefined).clientPortsFor({})).toBeUndefined();
  });

  it('lets --client-ports override every client range of the file', () => {
    const flag = { range: [49152, 65535] as const, profile: 'windows', reason: '--client-ports windows' };
    expect(settingsOf(c, flag).clientPortsFor({ eniId: 'eni-win' })).toBe(flag);
    expect(settingsOf(undefined, flag).clientPortsFor({})).toBe(flag);
  });
});

describe('configuration and baseline files on disk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synack-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds .synack.yml in the working directory only when it exists', async () => {
    expect(await findDefaultConfig(dir)).toBeUndefined();
    writeFileSync(path.join(dir, '.synack.yml'), 'rules: {sg-unused: off}\n');
    expect(await findDefaultConfig(dir)).toBe(path.join(dir, '.synack.yml'));
    expect((await readConfigFile(path.join(dir, '.synack.yml'), IDS, '.synack.yml')).rules).toEqual({ 'sg-unused': { enabled: false } });
  });

  it('says when a configuration file cannot be read', async () => {
    await expect(readConfigFile(path.join(dir, 'missing.yml'), IDS, 'missing.yml')).rejects.toThrow('missing.yml: cannot read the configuration file: no such file');
  });

  const entry = (fingerprint: string, ruleId = 'sg-unused', id = 'sg-1') => ({ fingerprint, ruleId, resource: { id }, key: 'unattached' });

  it('writes a baseline sorted and deduplicated, and reads it back', async () => {
    const file = path.join(dir, 'baseline.json');
    const count = await writeBaselineFile(file, [entry('bbbbbbbbbbbbbbbb'), entry('aaaaaaaaaaaaaaaa'), entry('bbbbbbbbbbbbbbbb')]);
    expect(count).toBe(2);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { version: number; findings: { fingerprint: string }[] };
    expect(doc.version).toBe(1);
    expect(doc.findings.map((f) => f.fingerprint)).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
    expect([...(await readBaselineFile(file))]).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
    // Nothing but the baseline is left in the folder: the temporary file was renamed over it.
    expect(readdirSync(dir).filter((f) => f.includes('baseline'))).toEqual(['baseline.json']);
  });

  it('replaces an existing baseline atomically and leaves nothing behind when it cannot write', async () => {
    const file = path.join(dir, 'baseline.json');
    await writeBaselineFile(file, [entry('cccccccccccccccc')]);
    expect([...(await readBaselineFile(file))]).toEqual(['cccccccccccccccc']);
    await expect(writeBaselineFile(path.join(dir, 'no-such-dir', 'b.json'), [entry('cccccccccccccccc')])).rejects.toThrow('cannot write the baseline file: its folder does not exist');
    await expect(writeBaselineFile(dir, [entry('cccccccccccccccc')])).rejects.toThrow(InputError);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects what is not a baseline, at the line of the problem', () => {
    const bad = (text: string) => {
      try {
        parseBaselineText(text, 'b.json');
      } catch (err) {
        return (err as InputError).problems.map(formatProblem);
      }
      return [];
    };
    expect(bad('{"version": 1, "findings": [\n  {"fingerprint": "XYZ"}\n]}')).toEqual([
      'b.json:2 /findings/0/fingerprint: not a synack baseline: a fingerprint must be 16 lowercase hexadecimal digits (write one with --write-baseline)',
    ]);
    expect(bad('{"version": 2, "findings": []}')[0]).toContain('unsupported baseline version');
    expect(bad('{"version": 1, "findings": [}')[0]).toMatch(/^b\.json:1: invalid baseline: /);
    expect(bad(baselineText([entry('0123456789abcdef')]))).toEqual([]);
  });
});
