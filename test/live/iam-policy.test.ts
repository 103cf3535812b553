import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EC2_ACTIONS, STS_ACTIONS, iamPolicy, iamPolicyText } from '../../src/sources/live/actions.js';
import { startEc2Server } from './ec2-server.js';
import { ROOT, awsEnv, extrasData, runSynack, tempDir, threeTierData } from './helpers.js';

/** The IAM policy is written in three places and must name exactly the actions synack calls. */
describe('the read-only IAM policy', () => {
  it('--print-iam-policy prints it, and reads nothing', async () => {
    const temp = tempDir();
    try {
      const r = await runSynack(['fetch', '--print-iam-policy'], awsEnv(temp.dir, {}, false));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(iamPolicyText());
    } finally {
      temp.cleanup();
    }
  });

  it('docs/iam-policy.json is the same policy', () => {
    expect(readFileSync(`${ROOT}docs/iam-policy.json`, 'utf8')).toBe(iamPolicyText());
  });

  it('the README shows the same policy', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const block = /## Live AWS[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'a ```json block in the README section "Live AWS"').toBeDefined();
    expect(JSON.parse(block as string)).toEqual(iamPolicy());
  });

  it('allows only reads', () => {
    for (const action of [...EC2_ACTIONS, ...STS_ACTIONS]) expect(action).toMatch(/^(Describe|Get)[A-Z]/);
  });

  it('names every action a fetch of all regions calls, and no other', async () => {
    const temp = tempDir();
    const server = await startEc2Server({ regions: { 'eu-west-1': threeTierData(), 'us-east-1': extrasData() }, pageSize: 2 });
    try {
      const r = await runSynack(['fetch', '--all-regions', '--endpoint-url', server.url, '-o', `${temp.dir}/s.json`], awsEnv(temp.dir, { AWS_REGION: 'us-east-1' }));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const called = new Set(server.requests.map((q) => `${q.service ?? '?'}:${q.action}`));
      const policy = (iamPolicy().Statement as { Action: string[] }[]).flatMap((s) => s.Action);
      expect([...called].sort()).toEqual([...policy].sort());
    } finally {
      await server.close();
      temp.cleanup();
    }
  });
});
