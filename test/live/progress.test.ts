import { execFile } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFetch } from '../../src/cli/fetch.js';
import { memoryIo } from '../../src/cli/io.js';
import { NODE_WARNING_SWITCH } from '../../src/sources/live/sdk.js';
import { startEc2Server, type Ec2Server } from './ec2-server.js';
import { ACCESS_KEY_ID, ROOT, SECRET_ACCESS_KEY, awsEnv, tempDir, threeTierData } from './helpers.js';

/** The fetch runner in-process (the SDK over HTTP still), to see what a person at a terminal sees. */
let server: Ec2Server;
let temp: ReturnType<typeof tempDir>;
const saved: Record<string, string | undefined> = {};

beforeEach(async () => {
  temp = tempDir();
  server = await startEc2Server({ regions: { 'eu-west-1': threeTierData() }, pageSize: 2 });
  // The runner reads credentials from this process's environment, like the CLI does from its own.
  const env = awsEnv(temp.dir);
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) saved[key] = process.env[key];
  for (const key of Object.keys(saved)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (key.startsWith('AWS_')) process.env[key] = value;
});

afterEach(async () => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_') && key !== NODE_WARNING_SWITCH) delete process.env[key];
  for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  await server.close();
  temp.cleanup();
});

const options = (progress: boolean) => ({
  live: { regions: ['eu-west-1'], endpointUrl: server.url, requestTimeoutMs: 2000 },
  output: `${temp.dir}/s.json`,
  progress,
  tool: { name: 'synack', version: '0.0.0-test' },
});

describe('progress on stderr', () => {
  it('one line per resource kind with its count, then a summary, when stderr is a terminal', async () => {
    const io = memoryIo();
    expect(await runFetch(options(true), io)).toBe(0);
    const lines = io.err.join('').trimEnd().split('\n');
    expect(lines[0]).toBe('reading region eu-west-1 from AWS…');
    expect(lines.slice(1, -1).sort()).toEqual(
      [
        'eu-west-1: 1 VPC',
        'eu-west-1: 3 subnets',
        'eu-west-1: 4 network ACLs',
        'eu-west-1: 3 security groups',
        'eu-west-1: 0 security group rules',
        'eu-west-1: 5 network interfaces',
        'eu-west-1: 3 instances',
        'eu-west-1: 0 prefix lists',
        'eu-west-1: 0 prefix list entries',
        'eu-west-1: 0 route tables',
      ].sort(),
    );
    expect(lines.at(-1)).toBe(
      `read account 123456789012, eu-west-1: 1 VPC, 3 subnets, 4 network ACLs, 3 security groups, 5 network interfaces, 3 instances → ${temp.dir}/s.json`,
    );
    expect(io.out).toEqual([]);
  });

  it('nothing otherwise', async () => {
    const io = memoryIo();
    expect(await runFetch(options(false), io)).toBe(0);
    expect(io.err).toEqual([]);
    expect(io.out).toEqual([]);
  });
});

describe("the AWS SDK's Node.js version warning", () => {
  it('the SDK prints it on this Node.js when nobody silences it (so the clean stderr of the CLI tests means something)', async () => {
    const major = Number(process.versions.node.split('.')[0]);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY };
    const script = "const { EC2Client } = await import('@aws-sdk/client-ec2'); new EC2Client({ region: 'eu-west-1' });";
    const stderr = await new Promise<string>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env }, (_e, _out, err) => resolve(err));
    });
    // The SDK warns below the Node.js major its future releases need (22 for the SDK of this writing).
    if (major < 22) expect(stderr).toMatch(/NodeVersionSupportWarning/);
    else expect(stderr).not.toMatch(/NodeVersionSupportWarning/);
  });

  it('synack sets the switch the SDK reads (the CLI tests check that stderr stays clean)', async () => {
    const warnings: string[] = [];
    const listen = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listen);
    try {
      expect(await runFetch(options(false), memoryIo())).toBe(0);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listen);
    }
    expect(process.env[NODE_WARNING_SWITCH]).toBe('true');
    expect(warnings.filter((w) => /NodeVersionSupportWarning/.test(w))).toEqual([]);
  });
});
