import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEc2Server, type Ec2Server } from './ec2-server.js';
import { FIXTURES, THREE_TIER, awsEnv, extrasData, runSynack, tempDir, threeTierData, withoutSources } from './helpers.js';

/** `trace` and `check` with `--live`: they fetch first (through the real SDK), then run as on files. */
let server: Ec2Server;
let temp: ReturnType<typeof tempDir>;

beforeEach(async () => {
  temp = tempDir();
  server = await startEc2Server({ regions: { 'eu-west-1': threeTierData(), 'us-east-1': extrasData() }, pageSize: 3 });
});

afterEach(async () => {
  await server.close();
  temp.cleanup();
});

const live = (): string[] => ['--live', '--region', 'eu-west-1', '--endpoint-url', server.url];

describe('trace --live', () => {
  it.each([
    ['the load balancer reaches the app servers', ['--from', 'eni-0alb000000000000a', '--to', 'app-1', '--port', '8080'], 0],
    ['the database is not reachable from the internet', ['--from', '203.0.113.10', '--to', 'db-1', '--port', '5432'], 1],
    ['app servers reach PostgreSQL', ['--from', 'app-1', '--to', 'db-1', '--port', '5432'], 0],
  ])('gives the verdict and hops the AWS CLI exports give: %s', async (_, flow, code) => {
    const fromFiles = await runSynack(['trace', THREE_TIER, ...flow, '--format', 'json'], awsEnv(temp.dir));
    const fromAws = await runSynack(['trace', ...live(), ...flow, '--format', 'json'], awsEnv(temp.dir));
    expect(fromAws.stderr).toBe('');
    expect(fromFiles.code).toBe(code);
    expect(fromAws.code).toBe(code);
    expect(withoutSources(JSON.parse(fromAws.stdout))).toEqual(withoutSources(JSON.parse(fromFiles.stdout)));
  });

  it('locates rules in the fetched snapshot (aws:<region>)', async () => {
    const r = await runSynack(['trace', ...live(), '--from', 'eni-0alb000000000000a', '--to', 'app-1', '--port', '8080'], awsEnv(temp.dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/acl-0pub0000000000001 allow +#100 tcp 8080 → 10\.0\.1\.0\/24 {2}aws:eu-west-1:\d+\n/);
  });

  it('reads source files together with the live network', async () => {
    // The files hold eu-west-1 (examples/three-tier), AWS serves us-east-1: one snapshot of both.
    const us = ['--live', '--region', 'us-east-1', '--endpoint-url', server.url];
    const inFiles = await runSynack(['trace', THREE_TIER, ...us, '--from', 'app-1', '--to', 'db-1', '--port', '5432'], awsEnv(temp.dir));
    expect(inFiles.stderr).toBe('');
    expect(inFiles.code).toBe(0);
    // The office prefix list (its entries read with GetManagedPrefixListEntries) admits 198.51.100.0/24.
    const inAws = await runSynack(['trace', THREE_TIER, ...us, '--from', '198.51.100.7', '--to', 'web-1', '--port', '443', '--client-ports', 'linux'], awsEnv(temp.dir));
    expect(inAws.stderr).toBe('');
    expect(inAws.stdout).toMatch(/sg-0e0e0e0e0e0e0e0e1 +allow +sgr-0e0e0e0e0e0e0e0e1 tcp 443 ← pl-0e0e0e0e0e0e0e0e1 "office" +aws:us-east-1:\d+\n/);
    expect(inAws.code).toBe(0);
  });

  it('reports a failed read like fetch does, exit 2', async () => {
    const r = await runSynack(['trace', ...live(), '--from', 'app-1', '--to', 'db-1', '--port', '5432'], awsEnv(temp.dir, {}, false));
    expect(r.stderr).toMatch(/^aws eu-west-1: no AWS credentials found: .*\n$/);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('needs --live for the AWS flags, and sources or --live', async () => {
    const region = await runSynack(['trace', THREE_TIER, '--region', 'eu-west-1', '--from', 'app-1', '--to', 'db-1', '--port', '5432'], awsEnv(temp.dir));
    expect(region.stderr).toMatch(/^synack: .*--live.*\(see --help\)\n$/);
    expect(region.code).toBe(2);
    const none = await runSynack(['trace', '--from', 'app-1', '--to', 'db-1', '--port', '5432'], awsEnv(temp.dir));
    expect(none.stderr).toBe('synack: missing required argument: sources (see --help)\n');
    expect(none.code).toBe(2);
    expect(server.requests).toEqual([]);
  });
});

describe('check --live', () => {
  it('passes the flows of examples/three-tier, like the exports do', async () => {
    const flows = ['--flows', `${THREE_TIER}/flows.yaml`, '--format', 'json'];
    const fromFiles = await runSynack(['check', THREE_TIER, ...flows], awsEnv(temp.dir));
    const fromAws = await runSynack(['check', ...live(), ...flows], awsEnv(temp.dir));
    expect(fromAws.stderr).toBe('');
    expect(fromAws.code).toBe(0);
    expect(withoutSources(JSON.parse(fromAws.stdout))).toEqual(withoutSources(JSON.parse(fromFiles.stdout)));
  });
});

describe('lint --live', () => {
  it('finds what it finds in the AWS CLI exports of the same network', async () => {
    const findings = (r: { stdout: string }) => (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] }).findings.map((f) => `${f.ruleId}: ${f.message}`);
    const fromFiles = await runSynack(['lint', THREE_TIER, '--format', 'json'], awsEnv(temp.dir));
    const fromAws = await runSynack(['lint', ...live(), '--format', 'json'], awsEnv(temp.dir));
    expect(fromAws.stderr).toBe('');
    expect(fromAws.code).toBe(fromFiles.code);
    expect(findings(fromAws)).toEqual(findings(fromFiles));
  });
});

describe('start-up', () => {
  const preload = ['--import', `${FIXTURES}/report-aws-sdk.mjs`];

  it('trace on files never loads the AWS SDK', async () => {
    const r = await runSynack(['trace', THREE_TIER, '--from', 'app-1', '--to', 'db-1', '--port', '5432'], awsEnv(temp.dir), preload);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('aws-sdk modules loaded: 0\n');
  });

  it('fetch does (the check above can see it)', async () => {
    const r = await runSynack(['fetch', '--region', 'eu-west-1', '--endpoint-url', server.url, '-o', `${temp.dir}/s.json`], awsEnv(temp.dir), preload);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^aws-sdk modules loaded: [1-9]\d*\n$/);
  });
});
