import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/sources/index.js';
import { FIXTURES, problemsRejected } from './helpers.js';

const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

describe('loadSnapshot over files and folders', () => {
  it('reads every *.json file under a folder and its subfolders, skipping other files and unrecognised JSON', async () => {
    const { snapshot } = await loadSnapshot([fixture('folder')]);
    expect(snapshot.nacls.map((n) => n.id)).toEqual(['acl-1']);
    expect(snapshot.subnets.map((s) => s.id)).toEqual(['subnet-a']);
    expect(snapshot.securityGroups.map((g) => g.id)).toEqual(['sg-1']);
    expect(snapshot.inputs.map((f) => path.relative(fixture('folder'), f))).toEqual([
      'prefix-lists/managed-prefix-lists.json',
      'prefix-lists/pl-0123456789abcdef0.json',
      'vpc-a/deeper/security-groups.json',
      'vpc-a/nacls.json',
      'vpc-a/subnets.json',
    ]);
  });

  it('names folder members by the folder as given joined with their relative path', async () => {
    const { snapshot } = await loadSnapshot([fixture('folder')]);
    expect(snapshot.nacls[0]?.source).toEqual({ file: path.join(fixture('folder'), 'vpc-a', 'nacls.json'), pointer: '/NetworkAcls/0' });
  });

  it('attaches prefix list entries named by the file and leaves other managed lists unknown', async () => {
    const { snapshot } = await loadSnapshot([fixture('folder')]);
    const lists = new Map(snapshot.prefixLists.map((p) => [p.id, p]));
    expect(lists.get('pl-0123456789abcdef0')?.cidrs?.map((c) => c.text)).toEqual(['203.0.113.0/24', '198.51.100.0/25']);
    expect(lists.get('pl-0123456789abcdef0')).toMatchObject({ name: 'office', maxEntries: 5, family: 4 });
    expect(lists.get('pl-0fedcba9876543210')?.cidrs).toBeUndefined();
  });

  it('locates any model object on demand: line of its pointer in its file', async () => {
    const loaded = await loadSnapshot([fixture('folder')]);
    const acl = loaded.snapshot.nacls[0];
    expect(acl && loaded.locate(acl.source)).toBe(3);
    expect(acl && loaded.locate(acl.inbound[1]!.source)).toBe(9);
    expect(acl && loaded.locate(acl.outbound[0]!.source)).toBe(10);
    expect(loaded.locate({ file: 'not-read.json', pointer: '' })).toBeUndefined();
  });

  it('accepts files and folders together', async () => {
    const { snapshot } = await loadSnapshot([fixture('folder', 'vpc-a', 'nacls.json'), fixture('folder', 'vpc-a', 'deeper')]);
    expect(snapshot.nacls).toHaveLength(1);
    expect(snapshot.securityGroups).toHaveLength(1);
    expect(snapshot.nacls[0]?.source.file).toBe(fixture('folder', 'vpc-a', 'nacls.json'));
  });

  it('reports a folder where nothing is recognised', async () => {
    expect(await problemsRejected(() => loadSnapshot([fixture('unrecognised')]))).toEqual([
      {
        file: fixture('unrecognised'),
        message: 'no input in a format synack reads; expected AWS CLI describe-* output (NetworkAcls, SecurityGroups, …), np-guard collector output or a synack snapshot',
      },
    ]);
  });

  it('reports a folder without JSON files and a path that does not exist, together', async () => {
    const problems = await problemsRejected(() => loadSnapshot([fixture('no-json'), fixture('missing.json'), fixture('folder')]));
    expect(problems).toEqual([
      { file: fixture('no-json'), message: 'the folder holds no *.json file; expected AWS CLI, np-guard or synack snapshot JSON files' },
      { file: fixture('missing.json'), message: 'cannot read: no such file or folder; expected a JSON file or a folder of JSON files' },
    ]);
  });

  it('reports a file named explicitly that synack does not read, even when a folder skips it', async () => {
    const problems = await problemsRejected(() => loadSnapshot([fixture('folder', 'vpc-a', 'Addresses.json')]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: fixture('folder', 'vpc-a', 'Addresses.json'), pointer: '', line: 1 });
  });
});
