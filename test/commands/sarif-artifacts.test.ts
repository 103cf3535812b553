import { describe, expect, it } from 'vitest';
import { artifactIn } from '../../src/cli/sarif-artifacts.js';

describe('SARIF artifact locations of input files', () => {
  const artifact = artifactIn('/repo');
  it('are relative to the working directory (%SRCROOT%) inside it, percent-encoded', () => {
    expect(artifact('infra/network acls.json')).toEqual({ uri: 'infra/network%20acls.json', uriBaseId: '%SRCROOT%' });
    expect(artifact('/repo/a.json')).toEqual({ uri: 'a.json', uriBaseId: '%SRCROOT%' });
  });
  it('are file: URIs outside it, and absent for pseudo-paths such as a live region', () => {
    expect(artifact('/elsewhere/a.json')).toEqual({ uri: 'file:///elsewhere/a.json' });
    expect(artifact('../a.json')).toEqual({ uri: 'file:///a.json' });
    expect(artifact('aws:eu-west-1')).toBeUndefined();
  });
});
