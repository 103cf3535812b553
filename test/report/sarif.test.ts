import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { defaultArtifact, lintToSarif, messageText, renderSarif, REPOSITORY_URL, ruleName } from '../../src/report/sarif.js';
import { CLEAN, SAMPLE, missingReturn, suppressedByBaseline, suppressedByConfig, suppressedByTag, unused, worldOpen } from '../fixtures/lint/sample-findings.js';
import { SARIF_SCHEMA_SHA256, sarifSchemaSha256, sarifValidator } from '../fixtures/lint/sarif-schema.js';

const OPTS = { toolVersion: '0.1.0' };

function expectValidSarif(log: unknown): void {
  const validate = sarifValidator();
  expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

describe('SARIF output', () => {
  it('checks against the vendored official schema, unchanged since it was copied', () => {
    expect(sarifSchemaSha256()).toBe(SARIF_SCHEMA_SHA256);
  });

  it('validates against the SARIF 2.1.0 schema, with findings, without, and with a baseline', () => {
    for (const result of [SAMPLE, CLEAN]) expectValidSarif(JSON.parse(renderSarif(result, OPTS)));
    expectValidSarif(JSON.parse(renderSarif(SAMPLE, { ...OPTS, baseline: true })));
  });

  it('the schema rejects what it should (the validation is not vacuous)', () => {
    const log = lintToSarif(SAMPLE, OPTS);
    const validate = sarifValidator();
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: Record<string, unknown>[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
    const noDriver = JSON.parse(JSON.stringify(log)) as { runs: { tool: Record<string, unknown> }[] };
    delete noDriver.runs[0]!.tool.driver;
    expect(validate(noDriver)).toBe(false);
  });

  it('describes synack and every rule that ran, with help and a link to its page', () => {
    const log = lintToSarif(SAMPLE, OPTS);
    expect(log.version).toBe('2.1.0');
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'synack', version: '0.1.0', semanticVersion: '0.1.0', informationUri: REPOSITORY_URL });
    expect(driver.rules!.map((r) => r.id)).toEqual(SAMPLE.rules.map((r) => r.meta.id));
    expect(driver.rules![0]).toEqual({
      id: 'nacl-return-missing',
      name: 'NaclReturnMissing',
      shortDescription: { text: 'A NACL lets a request in but not its reply out.' },
      fullDescription: { text: 'A NACL lets a request in but not its reply out. Why nacl-return-missing matters.' },
      helpUri: `${REPOSITORY_URL}/blob/main/docs/rules/nacl-return-missing.md`,
      help: {
        text: expect.stringContaining(`See ${REPOSITORY_URL}/blob/main/docs/rules/nacl-return-missing.md`),
        markdown: expect.stringContaining(`[nacl-return-missing](${REPOSITORY_URL}/blob/main/docs/rules/nacl-return-missing.md)`),
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'network', 'aws'] },
    });
    expect(driver.rules!.find((r) => r.id === 'sg-unused')!.defaultConfiguration).toEqual({ level: 'note' });
  });

  it('gives each finding a result with rule index, level, message, physical location and fingerprint', () => {
    const log = lintToSarif(SAMPLE, OPTS);
    const rules = log.runs[0]!.tool.driver.rules!;
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(SAMPLE.findings.length);
    for (const r of results) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
    const first = results[0]!;
    expect(first).toMatchObject({ ruleId: 'nacl-return-missing', level: 'error', message: { text: missingReturn.message } });
    expect(first.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'exports/network-acls.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 25 },
    });
    expect(first.locations![0]!.logicalLocations).toEqual([{ name: 'acl-1', fullyQualifiedName: 'nacl/acl-1', kind: 'resource' }]);
    expect(first.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'exports/network-acls.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 18 } },
        message: { text: 'rule #32767 (the default deny) denies the replies' },
      },
    ]);
    expect(first.partialFingerprints).toEqual({ 'synack/v1': '0123456789abcdef' });
    expect(first.properties).toMatchObject({ fix: { summary: missingReturn.fix!.summary, command: missingReturn.fix!.command }, details: { clientRange: [1024, 65535] } });
    expect(first.suppressions).toBeUndefined();
  });

  it('percent-encodes artifact URIs and leaves out the region when the line is unknown', () => {
    const results = lintToSarif(SAMPLE, OPTS).runs[0]!.results!;
    const byPrint = (fp: string) => results.find((r) => r.partialFingerprints!['synack/v1'] === fp)!;
    expect(byPrint(worldOpen.fingerprint).locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('sub%20dir/exports/security-groups.json');
    expect(byPrint(unused.fingerprint).locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'exports/security-groups.json', uriBaseId: '%SRCROOT%' } });
  });

  it('lists suppressed findings with SARIF suppressions: tags in the source, config and baseline outside it', () => {
    const results = lintToSarif(SAMPLE, { ...OPTS, baseline: true }).runs[0]!.results!;
    const byPrint = (fp: string) => results.find((r) => r.partialFingerprints!['synack/v1'] === fp)!;
    expect(byPrint(suppressedByConfig.fingerprint).suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'the bastion is behind port knocking (ticket SEC-12)', properties: { synackKind: 'config' } },
    ]);
    expect(byPrint(suppressedByTag.fingerprint).suppressions![0]).toMatchObject({ kind: 'inSource', justification: 'synack:ignore tag on sg-vpn' });
    expect(byPrint(suppressedByBaseline.fingerprint).suppressions![0]).toMatchObject({ kind: 'external', justification: 'in the baseline' });
    expect(byPrint(suppressedByBaseline.fingerprint).baselineState).toBe('unchanged');
    expect(byPrint(missingReturn.fingerprint).baselineState).toBe('new');
    expect(byPrint(suppressedByConfig.fingerprint).baselineState).toBeUndefined();
    expect(lintToSarif(SAMPLE, OPTS).runs[0]!.results!.some((r) => r.baselineState !== undefined)).toBe(false);
  });

  it('escapes square brackets in message text, so input cannot forge embedded links', () => {
    expect(messageText('rule [x](1) and C:\\[dir]')).toBe('rule \\[x\\](1) and C:\\\\\\[dir\\]');
    expect(messageText('no brackets: C:\\dir')).toBe('no brackets: C:\\dir');
    const related = lintToSarif(SAMPLE, OPTS).runs[0]!.results![1]!.relatedLocations![0]!;
    expect(related.message!.text).toBe('rule #100 decides the traffic \\[first\\]');
  });

  it('maps file names to artifact locations', () => {
    expect(defaultArtifact('./exports/a b.json')).toEqual({ uri: 'exports/a%20b.json', uriBaseId: '%SRCROOT%' });
    expect(defaultArtifact('exports\\win\\acls.json')).toEqual({ uri: 'exports/win/acls.json', uriBaseId: '%SRCROOT%' });
    expect(defaultArtifact('/abs/acls.json')).toEqual({ uri: 'file:///abs/acls.json' });
    expect(defaultArtifact('C:\\exports\\acls.json')).toEqual({ uri: 'file:///C:/exports/acls.json' });
    expect(defaultArtifact('live:eu-west-1')).toBeUndefined();
  });

  it('still describes a rule that is missing from the rules list', () => {
    const log: Sarif.Log = lintToSarif({ findings: [missingReturn], rules: [] }, OPTS);
    expectValidSarif(log);
    expect(log.runs[0]!.tool.driver.rules![0]!.id).toBe('nacl-return-missing');
    expect(log.runs[0]!.results![0]!.ruleIndex).toBe(0);
  });

  it('names rules in PascalCase', () => {
    expect(ruleName('sg-world-open-admin')).toBe('SgWorldOpenAdmin');
  });
});
