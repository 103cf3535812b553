import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { snapshotFromFiles } from '../../src/sources/index.js';
import { writeSnapshot } from '../../src/sources/write-snapshot.js';
import { tempDir } from './helpers.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

const doc = {
  format: 'synack-snapshot',
  version: 1,
  metadata: { region: 'eu-west-1', fetchedAt: '2025-01-01T00:00:00.000Z', tool: { name: 'synack', version: '0.1.0' } },
  resources: { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }], Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }] },
};

describe('writeSnapshot', () => {
  it('writes a snapshot synack reads back, replacing an earlier one, and leaves no temporary file', async () => {
    const file = path.join(temp.dir, 'snap.json');
    writeFileSync(file, 'old');
    await writeSnapshot(file, doc);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(snapshotFromFiles([{ path: file, text, explicit: true }]).snapshot.subnets.map((s) => s.id)).toEqual(['subnet-1']);
    expect(readdirSync(temp.dir).sort()).toEqual(['aws-config', 'aws-credentials', 'snap.json']);
  });

  it('validates against the snapshot schema first and writes nothing when the document is not a snapshot', async () => {
    const file = path.join(temp.dir, 'snap.json');
    writeFileSync(file, 'old');
    const bad = { ...doc, resources: { Vpcs: [{ CidrBlock: '10.0.0.0/16' }] } };
    const err = await writeSnapshot(file, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems).toEqual([{ file, pointer: '/resources/Vpcs/0', message: 'not written: Vpcs item without "VpcId"; expected it to be present' }]);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(temp.dir).sort()).toEqual(['aws-config', 'aws-credentials', 'snap.json']);
  });

  it('a target that is a folder: one problem, no temporary file left', async () => {
    const folder = path.join(temp.dir, 'taken');
    mkdirSync(folder);
    const err = await writeSnapshot(folder, doc).catch((e: unknown) => e);
    expect((err as InputError).problems).toEqual([{ file: folder, message: expect.stringMatching(/^cannot write the snapshot: /) }]);
    expect(readdirSync(temp.dir).sort()).toEqual(['aws-config', 'aws-credentials', 'taken']);
  });
});
