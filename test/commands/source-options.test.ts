import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOptionsFromFlags, SOURCE_TYPE_OPTIONS } from '../../src/cli/base-command.js';
import { runCheck } from '../../src/cli/check.js';
import type { Deps } from '../../src/cli/deps.js';
import { runDiff } from '../../src/cli/diff.js';
import { memoryIo } from '../../src/cli/io.js';
import { runLint } from '../../src/cli/lint.js';
import { runMatrix } from '../../src/cli/matrix.js';
import { runTrace } from '../../src/cli/trace.js';
import { traceFlow } from '../../src/engine/flow.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { loadSnapshot, SOURCE_TYPES, type LoadOptions } from '../../src/sources/index.js';
import { fillLines } from '../../src/sources/locate.js';
import { startEc2Server, type Ec2Server } from '../live/ec2-server.js';
import { awsEnv, runSynack, tempDir, threeTierData } from '../live/helpers.js';
import { FIXTURES, NET, ROOT, runCli } from './helpers.js';

/**
 * `--source-type` and `--parameter` on every command that reads sources (trace, check, lint, matrix, diff).
 * test/fixtures/commands/cfn/bastion.yaml opens SSH to the bastion from AdminCidr, a parameter without a
 * Default: who gets in depends on the value given on the command line. bastion-2222.yaml moves SSH to 2222.
 */
const CFN = `${FIXTURES}cfn`;
const BASTION = `${CFN}/bastion.yaml`;
const BASTION_2222 = `${CFN}/bastion-2222.yaml`;
const FLOWS = `${CFN}/flows.yaml`;
const SSH = ['--from', '10.0.200.7', '--to', 'bastion', '--port', '22'];
const NET_FLOW = ['--from', '10.0.1.10', '--to', '10.0.2.20', '--port', '5432', '--client-ports', 'linux'];
const NET_FILES = ['network-acls.json', 'network-interfaces.json', 'security-groups.json', 'subnets.json'];
const lines = (text: string) => text.trimEnd().split('\n');

describe('--parameter: CloudFormation parameter values', () => {
  it('decides a CIDR that comes from a parameter without a Default: the verdict follows the value', async () => {
    const inside = await runCli(['trace', BASTION, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(inside.stderr).toBe('');
    expect(inside.code).toBe(0);
    expect(inside.stdout).toMatch(/✓ sg ingress +Bastion\.NetworkInterfaces\.0 +BastionGroup +allow +tcp 22 ← 10\.0\.0\.0\/16 "ssh from the admins" +\S+bastion\.yaml:59\n/);
    expect(inside.stdout).toMatch(/\nverdict {2}REACHABLE/);

    const elsewhere = await runCli(['trace', BASTION, ...SSH, '--parameter', 'AdminCidr=192.168.0.0/16']);
    expect(elsewhere.stderr).toBe('');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toMatch(/\nverdict {2}UNREACHABLE — the request \(tcp 22\) is denied by BastionGroup ingress/);
  });

  it('without it, the value only deployment knows is an input error naming the parameter, exit 2', async () => {
    const r = await runCli(['trace', BASTION, ...SSH]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/bastion\.yaml:62 \/Resources\/BastionGroup\/Properties\/SecurityGroupIngress\/0\/CidrIp: .*parameter AdminCidr, which has no Default/);
  });

  it('takes --parameter=K=V, before the sources too, and never splits a value at its commas', async () => {
    const r = await runCli(['trace', '--parameter=AdminCidr=10.0.0.0/16', BASTION, ...SSH, '--parameter', 'SshPort=22']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = await runCli(['trace', BASTION, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16,10.1.0.0/16']);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/CidrIp "10\.0\.0\.0\/16,10\.1\.0\.0\/16" is not a valid CIDR block/);
  });

  it('also overrides a Default (SshPort)', async () => {
    const r = await runCli(['trace', BASTION, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16', '--parameter', 'SshPort=2222']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nverdict {2}UNREACHABLE/);
  });

  it.each([
    ['no "="', 'AdminCidr'],
    ['an empty key', '=10.0.0.0/16'],
    ['a key that is no parameter name', 'Admin Cidr=10.0.0.0/16'],
  ])('a malformed value (%s) is a usage error: one line, exit 2', async (_, value) => {
    const r = await runCli(['trace', BASTION, ...SSH, '--parameter', value]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `synack: Parsing --parameter: Expected KEY=VALUE with KEY a template parameter name (letters and digits) or a pseudo parameter such as AWS::Region but received: ${value} (see --help)\n`,
    );
  });

  it('the same parameter twice with different values is a usage error; with the same value it is not', async () => {
    const twice = await runCli(['trace', BASTION, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16', '--parameter', 'AdminCidr=10.1.0.0/16']);
    expect(twice.code).toBe(2);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toBe('synack: --parameter AdminCidr is given twice, as "10.0.0.0/16" and "10.1.0.0/16" (see --help)\n');
    const same = await runCli(['trace', BASTION, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16', '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(same.code).toBe(0);
  });

  it('with no CloudFormation template among the inputs, warns on stderr and runs as without it', async () => {
    const plain = await runCli(['trace', NET, ...NET_FLOW]);
    const r = await runCli(['trace', NET, ...NET_FLOW, '--parameter', 'AdminCidr=10.0.0.0/16', '--parameter', 'Env=prod']);
    expect(r.code).toBe(plain.code);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toBe('synack: warning: --parameter AdminCidr, Env: no input is a CloudFormation template with network resources, so the parameters change nothing\n');
  });

  it('check: the flow passes or fails with the value', async () => {
    const pass = await runCli(['check', BASTION, '--flows', FLOWS, '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(pass.stderr).toBe('');
    expect(pass.code).toBe(0);
    const fail = await runCli(['check', BASTION, '--flows', FLOWS, '--parameter', 'AdminCidr=192.168.0.0/16']);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('1 flow: 0 passed, 1 failed');
  });

  it('lint: SSH open to the world only when the value says so', async () => {
    const world = await runCli(['lint', BASTION, '--parameter', 'AdminCidr=0.0.0.0/0', '--format', 'json']);
    expect(world.code).toBe(1);
    expect((JSON.parse(world.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain('sg-world-open-admin');
    const office = await runCli(['lint', BASTION, '--parameter', 'AdminCidr=10.0.0.0/16', '--format', 'json']);
    expect(office.stderr).toBe('');
    expect(office.code).toBe(0);
    expect((JSON.parse(office.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  it('matrix reads the template with the value, and cannot without it', async () => {
    const r = await runCli(['matrix', BASTION, '--ports', '22', '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 BastionSubnet (bastion)');
    const without = await runCli(['matrix', BASTION, '--ports', '22']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('parameter AdminCidr, which has no Default');
  });

  describe('diff: the values apply to both sides', () => {
    const diff = ['diff', '--before', BASTION, '--after', BASTION_2222, '--flows', FLOWS, '--max-derived-flows', '0', '--fail-on', 'none'];

    it('the change breaks the flow only when it worked before, which the value decides', async () => {
      const inside = await runCli([...diff, '--parameter', 'AdminCidr=10.0.0.0/16']);
      expect(inside.stderr).toBe('');
      expect(inside.code).toBe(1);
      expect(inside.stdout).toContain('✗ an admin reaches the bastion over SSH: 10.0.200.7 → bastion tcp/22  reachable → unreachable');
      expect(inside.stdout).toMatch(/before +tcp 22 ← 10\.0\.0\.0\/16 "ssh from the admins" +\S+\/bastion\.yaml:59\n/);
      expect(inside.stdout).toMatch(/now +tcp 2222 ← 10\.0\.0\.0\/16 "ssh from the admins" +\S+\/bastion-2222\.yaml:59\n/);

      const elsewhere = await runCli([...diff, '--parameter', 'AdminCidr=192.168.0.0/16']);
      expect(elsewhere.stderr).toBe('');
      expect(elsewhere.code).toBe(0);
      expect(elsewhere.stdout).toContain('= an admin reaches the bastion over SSH: 10.0.200.7 → bastion tcp/22  unreachable');
    });

    it('without the value both sides are reported, one line each, exit 2', async () => {
      const r = await runCli(diff);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toEqual([expect.stringMatching(/\/bastion\.yaml:62 .*parameter AdminCidr, which has no Default/), expect.stringMatching(/\/bastion-2222\.yaml:62 .*parameter AdminCidr, which has no Default/)]);
    });

    it('warns only when neither side holds a template', async () => {
      const oneSide = await runCli(['diff', '--before', NET, '--after', BASTION, '--parameter', 'AdminCidr=10.0.0.0/16', '--fail-on', 'none']);
      expect(oneSide.stderr).toBe('');
      const neither = await runCli(['diff', '--before', NET, '--after', NET, '--parameter', 'AdminCidr=10.0.0.0/16']);
      expect(neither.code).toBe(0);
      expect(neither.stderr).toBe('synack: warning: --parameter AdminCidr: no input is a CloudFormation template with network resources, so the parameters change nothing\n');
    });
  });
});

describe('--source-type: one format for every source file', () => {
  const temp = mkdtempSync(join(tmpdir(), 'synack-source-type-'));
  const stackTxt = join(temp, 'stack.txt');
  copyFileSync(BASTION, stackTxt);

  it('reads a template whose name does not say it is one, which detection cannot', async () => {
    const detected = await runCli(['trace', stackTxt, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(detected.code).toBe(2);
    expect(detected.stderr).toMatch(/stack\.txt:1: invalid JSON/);
    const forced = await runCli(['trace', stackTxt, ...SSH, '--parameter', 'AdminCidr=10.0.0.0/16', '--source-type', 'cloudformation']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/tcp 22 ← 10\.0\.0\.0\/16 "ssh from the admins" +\S+stack\.txt:59\n/);
  });

  it('reads files of that format as detection does', async () => {
    const detected = await runCli(['trace', NET, ...NET_FLOW, '--format', 'json']);
    const forced = await runCli(['trace', NET, ...NET_FLOW, '--format', 'json', '--source-type', 'aws-cli']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(detected.stdout);
  });

  it('a file of another format is one line naming the file, what it is and what was expected, exit 2', async () => {
    const r = await runCli(['trace', NET, ...NET_FLOW, '--source-type', 'terraform']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual(
      NET_FILES.map((f) => `${NET}/${f}:1: the file is AWS CLI describe-* output, not a Terraform plan as --source-type terraform says; without --source-type each file's format is detected`),
    );
    const yaml = await runCli(['trace', BASTION, ...SSH, '--source-type', 'aws-cli']);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toBe(`${BASTION}:1: the file is a CloudFormation template, not AWS CLI describe-* output as --source-type aws-cli says; without --source-type each file's format is detected\n`);
  });

  it('a file in no format synack knows says what the forced one needs', async () => {
    const r = await runCli(['trace', `${FIXTURES}flows-fail.json`, ...NET_FLOW, '--source-type', 'snapshot']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${FIXTURES}flows-fail.json:1: the file is not a synack snapshot (--source-type snapshot): the document is an array; expected "format": "synack-snapshot" at the top (what synack fetch writes)\n`,
    );
  });

  it('an unknown type is a usage error listing the types', async () => {
    const r = await runCli(['trace', NET, ...NET_FLOW, '--source-type', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('synack: Expected --source-type=xml to be one of: aws-cli, snapshot, np-guard, terraform, cloudformation (see --help)\n');
  });

  it.each([
    ['check', ['check', NET, '--flows', `${FIXTURES}flows-pass.yaml`]],
    ['lint', ['lint', NET]],
    ['matrix', ['matrix', NET, '--ports', '22']],
    ['diff', ['diff', '--before', NET, '--after', NET]],
  ])('%s takes it too', async (_, args) => {
    const ok = await runCli([...args, '--source-type', 'aws-cli']);
    expect(ok.stderr).toBe('');
    expect(ok.code).not.toBe(2);
    const wrong = await runCli([...args, '--source-type', 'np-guard']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    // diff reads the same folder on both sides: each problem once.
    expect(lines(wrong.stderr)).toEqual(NET_FILES.map((f) => expect.stringMatching(new RegExp(`^${NET}/${f}:1: the file is AWS CLI describe-\\* output, not np-guard collector output`))));
  });

  it('diff: applies to both sides', async () => {
    const r = await runCli(['diff', '--before', NET, '--after', BASTION, '--source-type', 'cloudformation', '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(NET_FILES.map((f) => expect.stringMatching(new RegExp(`^${NET}/${f}:1: the file is AWS CLI describe-\\* output, not a CloudFormation template`))));
  });

  it('in a folder, skips files in no format synack reads, as detection does; no file of the type at all is an error', async () => {
    const folder = mkdtempSync(join(temp, 'folder-'));
    copyFileSync(`${FIXTURES}flows-fail.json`, join(folder, 'flows.json'));
    const none = await runCli(['lint', folder, '--source-type', 'terraform']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`${folder}: no input is a Terraform plan (--source-type terraform); expected the output of terraform show -json PLANFILE (format_version with planned_values or resource_changes)\n`);
    copyFileSync(BASTION, join(folder, 'bastion.yaml'));
    const one = await runCli(['lint', folder, '--source-type', 'cloudformation', '--parameter', 'AdminCidr=10.0.0.0/16']);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
  });

  describe('with --live: applies to the files only', () => {
    let server: Ec2Server;
    let aws: ReturnType<typeof tempDir>;
    beforeEach(async () => {
      aws = tempDir();
      server = await startEc2Server({ regions: { 'eu-west-1': threeTierData() } });
    });
    afterEach(async () => {
      await server.close();
      aws.cleanup();
    });

    it('reads the template as a template and the network from AWS as a snapshot, together', async () => {
      const live = ['--live', '--region', 'eu-west-1', '--endpoint-url', server.url];
      const args = ['trace', BASTION, ...live, '--source-type', 'cloudformation', '--parameter', 'AdminCidr=10.0.0.0/16'];
      const fromTemplate = await runSynack([...args, ...SSH], awsEnv(aws.dir));
      expect(fromTemplate.stderr).toBe('');
      expect(fromTemplate.code).toBe(0);
      const fromAws = await runSynack([...args, '--from', 'app-1', '--to', 'db-1', '--port', '5432'], awsEnv(aws.dir));
      expect(fromAws.stderr).toBe('');
      expect(fromAws.code).toBe(0);
      expect(fromAws.stdout).toMatch(/aws:eu-west-1:\d+\n/);
      const wrong = await runSynack(['trace', NET, ...live, '--source-type', 'cloudformation', ...NET_FLOW], awsEnv(aws.dir));
      expect(wrong.code).toBe(2);
      expect(lines(wrong.stderr)).toHaveLength(NET_FILES.length);
      expect(wrong.stderr).not.toContain('aws:');
    });
  });

  afterAll(() => rmSync(temp, { recursive: true, force: true }));
});

describe('the option plumbing (in process)', () => {
  it("--source-type's choices are the importers' SOURCE_TYPES", () => {
    expect([...SOURCE_TYPE_OPTIONS].sort()).toEqual([...SOURCE_TYPES].sort());
  });

  it('flags → load options', () => {
    expect(loadOptionsFromFlags({})).toEqual({});
    expect(loadOptionsFromFlags({ 'source-type': 'terraform', parameter: [] })).toEqual({ sourceType: 'terraform' });
    expect({ ...loadOptionsFromFlags({ parameter: ['A=1', 'AWS::Region=eu-west-1', 'L=a,b=c', 'E='] }).parameters }).toEqual({ A: '1', 'AWS::Region': 'eu-west-1', L: 'a,b=c', E: '' });
  });

  it('every runner hands them to loadSnapshot (diff: for both sides)', async () => {
    const seen: [readonly string[], LoadOptions | undefined][] = [];
    const deps: Deps = {
      loadSnapshot: async (paths, options) => (seen.push([paths, options]), { snapshot: emptySnapshot(), locate: () => undefined }),
      traceFlow,
      fillLines,
    };
    const options = { sourceType: 'cloudformation' as const, parameters: { AdminCidr: '10.0.0.0/16' } };
    const io = memoryIo();
    await runTrace({ sources: ['t'], from: 'a', to: 'b', protocol: 'tcp', port: 1, format: 'text', ...options }, io, deps);
    await runCheck({ sources: ['c'], flows: FLOWS, format: 'text', ...options }, io, deps);
    await runLint({ sources: ['l'], format: 'json', failOn: 'error', cwd: ROOT, toolVersion: '0', ...options }, io, deps);
    await runMatrix({ sources: ['m'], ports: '22', by: 'subnet', protocol: 'tcp', format: 'json', ...options }, io, deps);
    await runDiff({ before: ['b'], after: ['a'], failOn: 'error', format: 'json', annotations: false, cwd: ROOT, toolVersion: '0', ...options }, io, deps);
    expect(seen).toEqual([
      [['t'], options],
      [['c'], options],
      [['l'], options],
      [['m'], options],
      [['b'], options],
      [['a'], options],
    ]);
    // Without the flags, loadSnapshot sees no options, as before.
    seen.length = 0;
    await runLint({ sources: ['l'], format: 'json', failOn: 'error', cwd: ROOT, toolVersion: '0' }, memoryIo(), deps);
    expect(seen).toEqual([[['l'], {}]]);
  });

  it('no warning when a network resource comes from a template', async () => {
    const io = memoryIo();
    const deps: Deps = { loadSnapshot, traceFlow, fillLines };
    expect(await runTrace({ sources: [BASTION], from: '10.0.200.7', to: 'bastion', protocol: 'tcp', port: 22, format: 'json', parameters: { AdminCidr: '10.0.0.0/16' } }, io, deps)).toBe(0);
    expect(io.err).toEqual([]);
  });
});

describe('the command modules stay light', () => {
  // Start-up is measured: the command table loads src/commands/*.ts, which may load only oclif and the
  // light CLI modules at load time (runners come with `await import()` inside run()).
  const allowed: Record<string, readonly string[]> = {
    commands: ['@oclif/core', '../cli/base-command.js', '../cli/live-flags.js'],
    'base-command.ts': ['@oclif/core', './errors.js', './exit-codes.js', './io.js'],
  };
  const valueImports = (file: string) =>
    [...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*? from '([^']+)';$/gms)].map((m) => m[1]!);

  it.each(readdirSync(`${ROOT}src/commands`).filter((f) => f !== 'index.ts'))('src/commands/%s', (file) => {
    expect(valueImports(`${ROOT}src/commands/${file}`).filter((m) => !allowed.commands!.includes(m))).toEqual([]);
  });

  it('src/cli/base-command.ts', () => {
    expect(valueImports(`${ROOT}src/cli/base-command.ts`).filter((m) => !allowed['base-command.ts']!.includes(m))).toEqual([]);
  });
});
