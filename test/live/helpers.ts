import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, inject } from 'vitest';
import type { Ec2Data, Json } from './ec2-server.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const THREE_TIER = `${ROOT}examples/three-tier`;
export const FIXTURES = `${ROOT}test/fixtures/live`;

/** Test credentials: recognisable, so a test can assert that they never appear in synack's output. */
export const ACCESS_KEY_ID = 'AKIASYNACKTESTKEY001';
export const SECRET_ACCESS_KEY = 'synackTestSecretAccessKeyNeverPrint0000000';

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

/** examples/three-tier as the EC2 API would serve it (its AWS CLI JSON files are the API objects). */
export function threeTierData(): Ec2Data {
  const parts = ['vpcs', 'subnets', 'network-acls', 'security-groups', 'network-interfaces', 'instances'].map((f) => readJson(`${THREE_TIER}/${f}.json`));
  return Object.assign({}, ...parts) as Ec2Data;
}

/** A region with security group rules and prefix lists (test/fixtures/live/extras.json). */
export function extrasData(): Ec2Data {
  return readJson(`${FIXTURES}/extras.json`) as Ec2Data;
}

/** A temporary folder, with empty AWS config and credentials files so the machine's own never leak in. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'synack-live-'));
  writeFileSync(path.join(dir, 'aws-config'), '');
  writeFileSync(path.join(dir, 'aws-credentials'), '');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The environment of a synack child process: nothing from this machine's AWS setup (no AWS_* variables, a
 * temporary HOME, empty config files, no instance metadata service), static test credentials unless
 * `credentials: false`. The SDK's Node-version warning switch is NOT set: synack must silence it itself.
 */
export function awsEnv(dir: string, extra: Record<string, string> = {}, credentials = true): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'LANG', 'TZ', 'SYSTEMROOT']) {
    const v = process.env[key];
    if (v !== undefined) env[key] = v;
  }
  return {
    ...env,
    HOME: dir,
    AWS_CONFIG_FILE: path.join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(credentials ? { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY } : {}),
    ...extra,
  };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (`node [nodeArgs] bin/run.js …`) with exactly `env`. */
export function runSynack(args: readonly string[], env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<CliRun> {
  const build = inject('cliBuild');
  expect(build.ok, build.message).toBe(true);
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, `${ROOT}bin/run.js`, ...args], { cwd: ROOT, env, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A value without its source locations (they name different files for the same objects). */
export function withoutSources<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (key === 'source' || key === 'location' || key === 'related') return undefined;
      if (typeof v === 'bigint') return v.toString();
      return v;
    }),
  ) as unknown;
}
