import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runLint, type LintCommandOptions } from '../../src/cli/lint.js';
import { defaultDeps } from '../../src/cli/default-deps.js';
import { memoryIo } from '../../src/cli/io.js';
import { sarifValidator } from '../fixtures/lint/sarif-schema.js';
import { REALDATA, RUN_REALDATA } from '../sources/helpers.js';
import { CONTROL_CHARS, ROOT, runCli, type CliRun } from './helpers.js';

/** `synack lint` as a user runs it: the built CLI in a child process. */

interface LintJson {
  version: number;
  summary: { error: number; warning: number; note: number; suppressed: number };
  findings: {
    ruleId: string;
    severity: 'error' | 'warning' | 'note';
    message: string;
    resource: { type: string; id: string; name?: string };
    location?: { file: string; pointer: string; line?: number };
    related?: { message: string; location: { file: string; pointer: string; line?: number } }[];
    fix?: { summary: string; command?: string };
    fingerprint: string;
    key: string;
    details?: Record<string, unknown>;
    suppressed?: { kind: 'config' | 'tag' | 'baseline'; reason: string };
  }[];
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'schemas', name), 'utf8')) as object);
const validateLintJson = schema('lint-output.schema.json');
const validateBaseline = schema('baseline.schema.json');

/** Parses `--format json` output and asserts it matches schemas/lint-output.schema.json. */
function lintJson(r: CliRun): LintJson {
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as LintJson;
  expect(validateLintJson(doc), JSON.stringify(validateLintJson.errors, null, 2)).toBe(true);
  return doc;
}

function expectValidSarif(log: unknown): void {
  const validate = sarifValidator();
  expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

/** The CLI run from another working directory (where `.synack.yml` is looked for). */
function runIn(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const build = inject('cliBuild');
  expect(build.ok, build.message).toBe(true);
  const base = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'CI', 'TERM', 'NODE_ENV', 'GITHUB_ACTIONS']) delete base[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/run.js'), ...args], { cwd, env: { ...base, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const TMP = mkdtempSync(path.join(tmpdir(), 'synack-lint-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
let tmpCount = 0;

/** A fresh folder under TMP. */
function tmpDir(): string {
  const dir = path.join(TMP, `d${++tmpCount}`);
  mkdirSync(dir);
  return dir;
}

/** A copy of an example folder (its JSON inputs only), with `edit` applied to the parsed files. */
function exampleCopy(example: string, edit: (files: Record<string, { [key: string]: unknown }>) => void = () => {}): string {
  const dir = tmpDir();
  const src = path.join(ROOT, 'examples', example);
  const files: Record<string, { [key: string]: unknown }> = {};
  for (const f of readdirSync(src).filter((n) => n.endsWith('.json'))) files[f] = JSON.parse(readFileSync(path.join(src, f), 'utf8')) as { [key: string]: unknown };
  edit(files);
  for (const [f, doc] of Object.entries(files)) writeFileSync(path.join(dir, f), JSON.stringify(doc, null, 2));
  return dir;
}

const RETURN_RULES = ['nacl-return-missing', 'nacl-return-partial', 'nacl-return-range-exposes'];
const BROKEN_ACL = 'acl-0web0000000000002';
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// Several CLI runs per test, each a child process: generous timeouts for a loaded (2-core) CI machine.
describe('synack lint on the examples', { timeout: 120_000 }, () => {
  it('three-tier: no error-level finding from the return rules, exit 0', async () => {
    const r = await runCli(['lint', 'examples/three-tier', '--format', 'json']);
    const doc = lintJson(r);
    expect(doc.findings.filter((f) => RETURN_RULES.includes(f.ruleId) && f.severity === 'error')).toEqual([]);
    expect(doc.findings.filter((f) => f.ruleId === 'nacl-return-missing')).toEqual([]);
    expect(doc.summary.error).toBe(0);
    expect(r.code).toBe(0);
  });

  it('broken-return: nacl-return-missing at the inbound 443 rule, with the outbound rule to add; exit 1', async () => {
    const r = await runCli(['lint', 'examples/broken-return', '--format', 'json']);
    const doc = lintJson(r);
    const https = doc.findings.find((f) => f.ruleId === 'nacl-return-missing' && f.key.startsWith('inbound:100'));
    expect(https).toMatchObject({
      severity: 'error',
      resource: { type: 'nacl', id: BROKEN_ACL, name: 'web-locked-down' },
      location: { file: 'examples/broken-return/network-acls.json', pointer: expect.stringMatching(/^\/NetworkAcls\/1\/Entries\/\d+$/), line: 68 },
    });
    expect(https!.message).toContain('allows inbound tcp 443 from 0.0.0.0/0 (rule #100)');
    expect(https!.message).toContain('1024-65535');
    expect(https!.fix?.command).toContain(`aws ec2 create-network-acl-entry --network-acl-id ${BROKEN_ACL} --egress`);
    expect(r.code).toBe(1);
  });

  it('broken-return in text: grouped under the NACL, severity, rule, message and file:line on one line, counts last', async () => {
    const r = await runCli(['lint', 'examples/broken-return']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${BROKEN_ACL} (web-locked-down) network ACL`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}error {4}nacl-return-missing +acl-0web0000000000002 allows inbound tcp 443 .* {2}examples\/broken-return\/network-acls\.json:68$/));
    expect(lines.at(-1)).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?$/);
  });

  it('partial-return: nacl-return-partial names the missing ranges and the client range', async () => {
    const doc = lintJson(await runCli(['lint', 'examples/partial-return', '--format', 'json']));
    const partial = doc.findings.find((f) => f.ruleId === 'nacl-return-partial' && f.resource.id === 'acl-0app0000000000001');
    expect(partial?.message).toContain('1024-32767');
    expect(partial?.message).toContain('1024-65535');
    expect(doc.findings.filter((f) => f.ruleId === 'nacl-return-missing')).toEqual([]);
  });
});

describe('--fail-on', { timeout: 120_000 }, () => {
  it('fails on errors by default, and at the threshold given', async () => {
    // three-tier lints clean; partial-return has one warning and no error; broken-return has errors.
    expect((await runCli(['lint', 'examples/three-tier', '--fail-on', 'note'])).code).toBe(0);
    expect((await runCli(['lint', 'examples/partial-return'])).code).toBe(0);
    expect((await runCli(['lint', 'examples/partial-return', '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli(['lint', 'examples/partial-return', '--fail-on', 'note'])).code).toBe(1);
    expect((await runCli(['lint', 'examples/broken-return'])).code).toBe(1);
    expect((await runCli(['lint', 'examples/broken-return', '--fail-on', 'none'])).code).toBe(0);
  });

  it('treats notes apart from warnings', async () => {
    const dir = tmpDir();
    const config = path.join(dir, 'notes.yml');
    writeFileSync(config, 'rules:\n  nacl-return-partial: note\n');
    const doc = lintJson(await runCli(['lint', 'examples/partial-return', '--config', config, '--format', 'json']));
    expect(doc.summary).toMatchObject({ error: 0, warning: 0 });
    expect(doc.summary.note).toBeGreaterThan(0);
    expect((await runCli(['lint', 'examples/partial-return', '--config', config, '--fail-on', 'warning'])).code).toBe(0);
    expect((await runCli(['lint', 'examples/partial-return', '--config', config, '--fail-on', 'note'])).code).toBe(1);
  });

  it('rejects an unknown threshold or format with exit 2 and nothing on stdout', async () => {
    for (const args of [['--fail-on', 'fatal'], ['--format', 'xml']]) {
      const r = await runCli(['lint', 'examples/three-tier', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^synack: .*(fatal|xml).*\(see --help\)\n$/);
    }
  });
});

describe('configuration', { timeout: 120_000 }, () => {
  it('changes a severity, so the same findings no longer fail the run', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'c.yml'), 'rules:\n  nacl-return-missing: warning\n');
    const r = await runCli(['lint', 'examples/broken-return', '--config', path.join(dir, 'c.yml'), '--format', 'json']);
    const doc = lintJson(r);
    const missing = doc.findings.filter((f) => f.ruleId === 'nacl-return-missing');
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((f) => f.severity === 'warning')).toBe(true);
    expect(r.code).toBe(0);
  });

  it('turns a rule off', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'c.yml'), 'rules:\n  nacl-return-missing: off\n  pmtud-blocked: {enabled: false}\n');
    const doc = lintJson(await runCli(['lint', 'examples/broken-return', '--config', path.join(dir, 'c.yml'), '--format', 'json']));
    expect(doc.findings.filter((f) => f.ruleId === 'nacl-return-missing' || f.ruleId === 'pmtud-blocked')).toEqual([]);
  });

  it('reads .synack.yml from the working directory; ignores are listed as suppressed with their reason', async () => {
    const dir = exampleCopy('broken-return');
    writeFileSync(
      path.join(dir, '.synack.yml'),
      `ignore:\n  - rule: nacl-return-missing\n    resource: ${BROKEN_ACL}\n    reason: replies leave through the appliance (NET-7)\n`,
    );
    const r = await runIn(dir, ['lint', '.', '--format', 'json']);
    const doc = lintJson(r);
    const missing = doc.findings.filter((f) => f.ruleId === 'nacl-return-missing');
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((f) => f.suppressed?.kind === 'config' && f.suppressed.reason === 'replies leave through the appliance (NET-7)')).toBe(true);
    expect(doc.summary.error).toBe(0);
    expect(doc.summary.suppressed).toBe(missing.length);
    expect(r.code).toBe(0);
    // The text output counts them without listing them.
    const text = await runIn(dir, ['lint', '.']);
    expect(text.stdout).not.toContain('nacl-return-missing');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`; ${missing.length} suppressed \\(${missing.length} by the configuration\\)$`));
    // --config wins over .synack.yml.
    writeFileSync(path.join(dir, 'empty.yml'), '');
    expect((await runIn(dir, ['lint', '.', '--config', 'empty.yml'])).code).toBe(1);
  });

  it('exits 2 on a malformed configuration, each problem at file:line with its pointer, stdout empty', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'rules:\n  sg-unused: off\n  nacl-return-mising: warning\nignore:\n  - rule: sg-unused\n');
    const r = await runCli(['lint', 'examples/three-tier', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file}:3 /rules/nacl-return-mising: unknown rule "nacl-return-mising" \\(valid rules: .*nacl-return-missing.*\\)$`)),
      `${file}:5 /ignore/0: an ignore entry needs a "reason": say why the finding is accepted`,
      '',
    ]);
  });

  it('exits 2 on invalid YAML and on a missing configuration file, together with problems in the sources', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'broken.yml'), 'rules: [off\n');
    const yaml = await runCli(['lint', 'examples/three-tier', '--config', path.join(dir, 'broken.yml')]);
    expect(yaml.code).toBe(2);
    expect(yaml.stdout).toBe('');
    expect(yaml.stderr).toMatch(new RegExp(`^${path.join(dir, 'broken.yml')}:\\d+: invalid YAML: `));
    const both = await runCli(['lint', path.join(dir, 'nope.json'), '--config', path.join(dir, 'nope.yml')]);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toContain('nope.yml: cannot read the configuration file: no such file');
    expect(both.stderr).toContain('nope.json');
  });
});

describe('synack:ignore tags', { timeout: 120_000 }, () => {
  it('suppress the named rules on the tagged resource only', async () => {
    const dir = exampleCopy('broken-return', (files) => {
      const acls = files['network-acls.json']!.NetworkAcls as { NetworkAclId: string; Tags: { Key: string; Value: string }[] }[];
      acls.find((a) => a.NetworkAclId === BROKEN_ACL)!.Tags.push({ Key: 'synack:ignore', Value: 'nacl-return-missing, pmtud-blocked' });
    });
    const r = await runCli(['lint', dir, '--format', 'json']);
    const doc = lintJson(r);
    const onAcl = doc.findings.filter((f) => f.resource.id === BROKEN_ACL);
    expect(onAcl.length).toBeGreaterThan(0);
    expect(onAcl.every((f) => f.suppressed?.kind === 'tag')).toBe(true);
    // The security group's pmtud-blocked finding is not on the tagged resource: it stays.
    expect(doc.findings.filter((f) => f.ruleId === 'pmtud-blocked' && !f.suppressed).map((f) => f.resource.type)).toEqual(['security-group']);
    expect(r.code).toBe(0);
  });
});

describe('baselines', { timeout: 120_000 }, () => {
  it('--write-baseline records the findings atomically and exits 0; --baseline then gates on new findings only', async () => {
    const dir = tmpDir();
    const baseline = path.join(dir, 'baseline.json');
    const write = await runCli(['lint', 'examples/broken-return', '--write-baseline', baseline, '--format', 'json']);
    expect(write.code).toBe(0);
    const written = JSON.parse(write.stdout) as LintJson;
    expect(write.stderr).toBe(`synack: recorded ${written.findings.length} findings in ${baseline}; lint with --baseline ${baseline} to fail on new findings only\n`);
    const doc = JSON.parse(readFileSync(baseline, 'utf8')) as { findings: { fingerprint: string; ruleId: string }[] };
    expect(validateBaseline(doc), JSON.stringify(validateBaseline.errors)).toBe(true);
    expect(doc.findings.map((f) => f.fingerprint).sort()).toEqual(written.findings.map((f) => f.fingerprint).sort());
    expect(readdirSync(dir)).toEqual(['baseline.json']);

    // The same inputs: everything is known, nothing fails.
    const same = await runCli(['lint', 'examples/broken-return', '--baseline', baseline, '--format', 'json']);
    const sameDoc = lintJson(same);
    expect(sameDoc.findings.every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
    expect(same.code).toBe(0);

    // A new problem (SSH opened to the world) fails the run; the old findings stay suppressed.
    const changed = exampleCopy('broken-return', (files) => {
      const groups = files['security-groups.json']!.SecurityGroups as { GroupId: string; IpPermissions: { FromPort?: number; IpRanges: { CidrIp: string }[] }[] }[];
      groups.find((g) => g.GroupId === 'sg-0web0000000000002')!.IpPermissions.find((p) => p.FromPort === 22)!.IpRanges[0]!.CidrIp = '0.0.0.0/0';
    });
    const next = await runCli(['lint', changed, '--baseline', baseline, '--format', 'json']);
    const nextDoc = lintJson(next);
    expect(nextDoc.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.resource.id}`)).toEqual(['sg-world-open-admin sg-0web0000000000002']);
    expect(next.code).toBe(1);

    // SARIF says which results are new and which the baseline knew.
    const sarif = JSON.parse((await runCli(['lint', changed, '--baseline', baseline, '--format', 'sarif'])).stdout) as Sarif.Log;
    expectValidSarif(sarif);
    const states = sarif.runs[0]!.results!.map((r) => `${r.ruleId} ${r.baselineState}`);
    expect(states).toContain('sg-world-open-admin new');
    expect(states.filter((s) => s.endsWith(' unchanged'))).toHaveLength(sameDoc.findings.length);
  });

  it('does not record findings that the configuration or a tag already suppresses', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'c.yml'), `ignore:\n  - resource: ${BROKEN_ACL}\n    reason: handled elsewhere\n`);
    const r = await runCli(['lint', 'examples/broken-return', '--config', path.join(dir, 'c.yml'), '--write-baseline', path.join(dir, 'b.json'), '--format', 'json']);
    const all = JSON.parse(r.stdout) as LintJson;
    const recorded = (JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint);
    expect(recorded.sort()).toEqual(all.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint).sort());
    expect(recorded.length).toBeLessThan(all.findings.length);
  });

  it('exits 2 and writes nothing when the baseline cannot be written or read', async () => {
    const dir = tmpDir();
    const w = await runCli(['lint', 'examples/broken-return', '--write-baseline', path.join(dir, 'missing', 'b.json')]);
    expect(w.code).toBe(2);
    expect(w.stdout).toBe('');
    expect(w.stderr).toBe(`${path.join(dir, 'missing', 'b.json')}: cannot write the baseline file: its folder does not exist\n`);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
    writeFileSync(path.join(dir, 'not-a-baseline.json'), '{"findings": [1]}\n');
    const rd = await runCli(['lint', 'examples/broken-return', '--baseline', path.join(dir, 'not-a-baseline.json')]);
    expect(rd.code).toBe(2);
    expect(rd.stdout).toBe('');
    expect(rd.stderr).toContain('not a synack baseline');
  });
});

describe('--client-ports', { timeout: 120_000 }, () => {
  const MIXED = path.join(REALDATA, 'np-guard', 'input_aws_mixed.json');

  it.runIf(RUN_REALDATA)('sets the client range of every client: a 1025-5000 return rule is then complete', async () => {
    const plain = lintJson(await runCli(['lint', MIXED, '--format', 'json']));
    expect(plain.findings.filter((f) => f.ruleId === 'nacl-return-partial').map((f) => f.resource.id)).toEqual(['NetworkAclId:53']);
    const legacy = lintJson(await runCli(['lint', MIXED, '--format', 'json', '--client-ports', 'windows-legacy']));
    expect(legacy.findings.filter((f) => f.ruleId === 'nacl-return-partial')).toEqual([]);
    const custom = lintJson(await runCli(['lint', MIXED, '--format', 'json', '--client-ports', '1025-5000']));
    expect(custom.findings.filter((f) => f.ruleId === 'nacl-return-partial')).toEqual([]);
  });

  it('rejects a value that is neither lo-hi nor a profile', async () => {
    const r = await runCli(['lint', 'examples/three-tier', '--client-ports', 'solaris']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^--client-ports: "solaris" is not a port range or profile/);
  });
});

describe('output formats', { timeout: 120_000 }, () => {
  it('json validates against schemas/lint-output.schema.json for every example', async () => {
    for (const example of ['three-tier', 'broken-return', 'partial-return']) {
      const doc = lintJson(await runCli(['lint', `examples/${example}`, '--format', 'json', '--fail-on', 'none']));
      expect(doc.version).toBe(1);
      expect(doc.summary.error + doc.summary.warning + doc.summary.note + doc.summary.suppressed).toBe(doc.findings.length);
      // Every finding points at a line of its input file.
      expect(doc.findings.filter((f) => f.location?.line === undefined)).toEqual([]);
    }
  });

  it('json is identical from run to run', async () => {
    const [a, b] = await Promise.all([runCli(['lint', 'examples/broken-return', '--format', 'json']), runCli(['lint', 'examples/broken-return', '--format', 'json'])]);
    expect(a.stdout).toBe(b.stdout);
  });

  it('sarif validates against the official SARIF 2.1.0 schema and points at the exact line', async () => {
    const r = await runCli(['lint', 'examples/broken-return', '--format', 'sarif']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout) as Sarif.Log;
    expectValidSarif(log);
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'synack', version: VERSION });
    expect(run.tool.driver.rules!.length).toBeGreaterThanOrEqual(18);
    const rule = run.tool.driver.rules!.find((d) => d.id === 'nacl-return-missing')!;
    expect(rule.helpUri).toMatch(/\/blob\/main\/docs\/rules\/nacl-return-missing\.md$/);
    expect(rule.defaultConfiguration).toEqual({ level: 'error' });
    const https = run.results!.find((x) => x.ruleId === 'nacl-return-missing' && x.message.text!.includes('tcp 443'))!;
    expect(run.tool.driver.rules![https.ruleIndex!]!.id).toBe('nacl-return-missing');
    expect(https.level).toBe('error');
    expect(https.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/broken-return/network-acls.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 68 },
    });
    expect(https.partialFingerprints!['synack/v1']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('sarif lists suppressed findings, and uses file: URIs for inputs outside the working directory', async () => {
    const dir = exampleCopy('broken-return', (files) => {
      const acls = files['network-acls.json']!.NetworkAcls as { NetworkAclId: string; Tags: { Key: string; Value: string }[] }[];
      acls.find((a) => a.NetworkAclId === BROKEN_ACL)!.Tags.push({ Key: 'synack:ignore', Value: 'nacl-return-missing' });
    });
    const log = JSON.parse((await runCli(['lint', dir, '--format', 'sarif'])).stdout) as Sarif.Log;
    expectValidSarif(log);
    const suppressed = log.runs[0]!.results!.filter((x) => x.suppressions?.length);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed.every((x) => x.ruleId === 'nacl-return-missing' && x.suppressions![0]!.kind === 'inSource')).toBe(true);
    const uri = suppressed[0]!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(uri).toEqual({ uri: `file://${dir}/network-acls.json` });
  });

  it('markdown escapes a hostile Name tag: no HTML, no mention, the table intact', async () => {
    const dir = exampleCopy('broken-return', (files) => {
      const acls = files['network-acls.json']!.NetworkAcls as { NetworkAclId: string; Tags: { Key: string; Value: string }[] }[];
      acls.find((a) => a.NetworkAclId === BROKEN_ACL)!.Tags[0]!.Value = 'web | <img src=x onerror=alert(1)> `x` [y](https://evil.example) @org/team\n| forged | row |';
    });
    const r = await runCli(['lint', dir, '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### ❌ synack lint: \d+ errors?, /);
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).not.toContain('\n| forged');
    expect(r.stdout).toContain('web \\| &lt;img src=x onerror=alert(1)&gt; \\`x\\` \\[y\\](https:\u2060//evil.example) @\u2060org/team\\\\x0a\\| forged \\| row \\|');
    const errorRows = r.stdout.split('\n').filter((l) => l.startsWith('| [`nacl-return-missing`]'));
    expect(errorRows.length).toBeGreaterThan(0);
    for (const row of errorRows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it('text is coloured only when forced, never with NO_COLOR, and escapes control characters from the input', async () => {
    const dir = exampleCopy('broken-return', (files) => {
      const acls = files['network-acls.json']!.NetworkAcls as { NetworkAclId: string; Tags: { Key: string; Value: string }[] }[];
      acls.find((a) => a.NetworkAclId === BROKEN_ACL)!.Tags[0]!.Value = 'web\u001b[2J\u0007\u009b31m';
    });
    const plain = await runCli(['lint', dir]);
    expect(plain.stdout).not.toContain('\u001b');
    expect(plain.stdout).toContain('web\\x1b[2J\\x07\\x9b31m');
    expect(plain.stdout.replace(/\n/g, '')).not.toMatch(CONTROL_CHARS);
    const forced = await runCli(['lint', dir], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[31merror  \u001b[0m');
    // eslint-disable-next-line no-control-regex
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
    expect((await runCli(['lint', dir], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).toBe(plain.stdout);
    expect((await runCli(['lint', dir, '--no-color'], { FORCE_COLOR: '1' })).stdout).toBe(plain.stdout);
  });

  it('on a terminal: colour unless NO_COLOR (the runner in-process)', async () => {
    const opts: LintCommandOptions = { sources: [path.join(ROOT, 'examples/broken-return')], format: 'text', failOn: 'error', cwd: ROOT, toolVersion: VERSION };
    const tty = memoryIo({ stdoutIsTTY: true });
    expect(await runLint(opts, tty, defaultDeps)).toBe(1);
    expect(tty.out.join('')).toContain('\u001b[');
    const noColor = memoryIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    await runLint(opts, noColor, defaultDeps);
    expect(noColor.out.join('')).not.toContain('\u001b');
  });
});

describe.runIf(RUN_REALDATA)('lint of real np-guard collector output (../shared/realdata/np-guard)', { timeout: 120_000 }, () => {
  const real = (file: string) => path.join(REALDATA, 'np-guard', file);
  const files = RUN_REALDATA ? readdirSync(path.join(REALDATA, 'np-guard')).filter((f) => f.endsWith('.json')).sort() : [];

  it('lints every file to schema-valid JSON and SARIF; none reports a shadowed or overridden NACL rule', async () => {
    expect(files).toHaveLength(5);
    for (const file of files) {
      const r = await runCli(['lint', real(file), '--format', 'json']);
      const doc = lintJson(r);
      // Every NACL here ends with "#100 allow all" or a disjoint list before AWS's #32767 deny: the default
      // deny is never reported as shadowed (np-guard's own lint does report it).
      expect(doc.findings.filter((f) => f.ruleId === 'nacl-rule-shadowed' || f.ruleId === 'nacl-rule-overridden'), file).toEqual([]);
      expect(r.code, file).toBe(doc.summary.error > 0 ? 1 : 0);
      // SARIF through the runner in-process (the CLI's SARIF is checked on the examples): quicker.
      const io = memoryIo();
      await runLint({ sources: [real(file)], format: 'sarif', failOn: 'none', cwd: ROOT, toolVersion: VERSION }, io, defaultDeps);
      expect(io.err.join(''), file).toBe('');
      expectValidSarif(JSON.parse(io.out.join('')));
    }
  });

  it('input_aws_mixed.json: acl1 answers tcp 9080 from 147.235.0.0/16 only on 1025-5000 (nacl-return-partial)', async () => {
    const doc = lintJson(await runCli(['lint', real('input_aws_mixed.json'), '--format', 'json']));
    const partial = doc.findings.filter((f) => f.ruleId === 'nacl-return-partial');
    expect(partial).toHaveLength(1);
    // Inbound #10 allows tcp 9080 from 147.235.0.0/16 (Entries/3, line 1220); outbound #10 allows tcp to it
    // on 1025-5000 only, so replies to client ports 1024 and 5001-65535 hit #32767.
    expect(partial[0]).toMatchObject({
      severity: 'warning',
      resource: { type: 'nacl', id: 'NetworkAclId:53', name: 'acl1' },
      location: { pointer: '/network_acls/2/Entries/3', line: 1220 },
      details: { deniedRanges: [[1024, 1024], [5001, 65535]], clientRange: [1024, 65535] },
    });
    expect(partial[0]!.message).toContain('allows inbound tcp 9080 from 147.235.0.0/16 (rule #10)');
  });

  it('input_aws_mixed.json: tcp 9080 open to 0.0.0.0/0 is sg-world-open; udp 0-65535 open to the world is an error', async () => {
    const doc = lintJson(await runCli(['lint', real('input_aws_mixed.json'), '--format', 'json']));
    const open = (rule: string) => doc.findings.filter((f) => f.ruleId === rule).map((f) => `${f.resource.id} ${f.key} ${f.location?.line}`);
    expect(open('sg-world-open')).toEqual(['GroupId:22 ingress:tcp:9080:0.0.0.0/0 1276']);
    expect(open('sg-world-open-admin')).toEqual(['GroupId:15 ingress:udp:all:0.0.0.0/0 1446']);
  });

  it('input_aws_acl_1.json: GroupId:10 admits all traffic from 0.0.0.0/0; GroupId:58 and GroupId:61 are attached to nothing', async () => {
    const r = await runCli(['lint', real('input_aws_acl_1.json'), '--format', 'json']);
    const doc = lintJson(r);
    expect(doc.findings.filter((f) => f.ruleId === 'sg-world-open-admin').map((f) => [f.resource.id, f.location?.pointer, f.location?.line])).toEqual([
      ['GroupId:10', '/security_groups/1/IpPermissions/0/IpRanges/0', 1547],
    ]);
    expect(doc.findings.filter((f) => f.ruleId === 'sg-unused').map((f) => f.resource.id)).toEqual(['GroupId:58', 'GroupId:61']);
    expect(r.code).toBe(1);
  });

  it('input_aws_sg_1.json: GroupId:35 and GroupId:50 admit all traffic from 0.0.0.0/0', async () => {
    const doc = lintJson(await runCli(['lint', real('input_aws_sg_1.json'), '--format', 'json']));
    expect(doc.findings.filter((f) => f.ruleId === 'sg-world-open-admin').map((f) => `${f.resource.id} ${f.key}`)).toEqual([
      'GroupId:35 ingress:all:all:0.0.0.0/0',
      'GroupId:50 ingress:all:all:0.0.0.0/0',
    ]);
  });
});
