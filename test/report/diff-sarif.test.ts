import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { FLOW_BROKEN, diffToSarif, renderDiffSarif } from '../../src/report/diff-sarif.js';
import { diff, net, sampleDiff } from '../fixtures/diff/networks.js';
import { sarifValidator } from '../fixtures/lint/sarif-schema.js';

const OPTS = { toolVersion: '0.1.0' };

function expectValidSarif(log: unknown): void {
  const validate = sarifValidator();
  expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

describe('synack diff --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with results and without', () => {
    expectValidSarif(JSON.parse(renderDiffSarif(sampleDiff(), OPTS)));
    expectValidSarif(JSON.parse(renderDiffSarif(diff(net(), net()), OPTS)));
  });

  it('holds the introduced findings, as new, and one flow-broken result per broken flow', () => {
    const log = diffToSarif(sampleDiff(), OPTS);
    const results = log.runs[0]!.results!;
    const broken = results.filter((r) => r.ruleId === FLOW_BROKEN.id);
    expect(broken).toHaveLength(2);
    expect(results.filter((r) => r.ruleId !== FLOW_BROKEN.id).map((r) => r.ruleId)).toEqual([
      'nacl-world-open-admin',
      'sg-world-open-admin',
      'pmtud-blocked',
      'nacl-return-partial',
      'nacl-return-partial',
      'pmtud-blocked',
    ]);
    for (const r of results) expect(r.baselineState).toBe('new');
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.find((r) => r.id === FLOW_BROKEN.id)).toMatchObject({ defaultConfiguration: { level: 'error' }, helpUri: expect.stringContaining('docs/ci.md') });
  });

  it('puts a broken flow at the rule the change made, with the rule that allowed it before as a related location', () => {
    const log = diffToSarif(sampleDiff(), OPTS);
    const narrowed = log.runs[0]!.results!.find((r) => r.ruleId === FLOW_BROKEN.id && r.message.text!.includes('tcp/443')) as Sarif.Result;
    expect(narrowed.level).toBe('error');
    expect(narrowed.message.text).toContain('was reachable before and is partial after');
    expect(narrowed.message.text).toContain('Before, acl-web rule #110 (allow tcp 1024-65535 0.0.0.0/0), now acl-web rule #110 (allow tcp 32768-65535 0.0.0.0/0), let it through.');
    expect(narrowed.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('test.json');
    expect(narrowed.relatedLocations!.map((l) => l.message!.text)).toEqual(['after, acl-web rule #32767 (default deny) decides it', 'before, acl-web rule #110 (allow tcp 1024-65535 0.0.0.0/0) allowed it']);
    expect(narrowed.partialFingerprints).toEqual({ 'synack/v1': expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('a change that breaks nothing and introduces nothing has no results', () => {
    expect(diffToSarif(diff(net(), net()), OPTS).runs[0]!.results).toEqual([]);
  });
});
