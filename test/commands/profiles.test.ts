import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_PORT_PROFILES } from '../../src/engine/flow.js';
import * as library from '../../src/index.js';
import { CLIENT_PORT_PROFILE_NAMES } from '../../src/sources/flows-file.js';

const root = new URL('../../', import.meta.url);

describe('client-port profiles are the same everywhere', () => {
  const engine = Object.keys(CLIENT_PORT_PROFILES).sort();

  it('in the flows file reader and schemas/flows.schema.json', () => {
    expect([...CLIENT_PORT_PROFILE_NAMES].sort()).toEqual(engine);
    const schema = JSON.parse(readFileSync(new URL('schemas/flows.schema.json', root), 'utf8')) as {
      $defs: { flow: { properties: { clientPorts: { anyOf: { enum?: string[] }[] } } } };
    };
    const names = schema.$defs.flow.properties.clientPorts.anyOf.find((a) => a.enum)!.enum!;
    expect([...names].sort()).toEqual(engine);
  });

  it('in the README table, with the same ranges', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (\d+)-(\d+) \|/gm)].map((m) => [m[1]!, [Number(m[2]), Number(m[3])]] as const);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(CLIENT_PORT_PROFILES).map(([k, v]) => [k, [...v]])));
  });
});

describe('library entry (src/index.ts)', () => {
  it('exports the public API', () => {
    for (const name of ['loadSnapshot', 'SnapshotIndex', 'traceFlow', 'CLIENT_PORT_PROFILES', 'InputError', 'renderTrace', 'renderCheck', 'renderTraceJson', 'renderCheckJson', 'readFlowsFile']) {
      expect(library, name).toHaveProperty(name);
    }
  });
});
