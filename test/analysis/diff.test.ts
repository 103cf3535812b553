import { describe, expect, it } from 'vitest';
import { causeLocation, compareFindings, countFlows, verdictChange, type FileFlow, type FlowChange } from '../../src/analysis/diff.js';
import type { FlowResult } from '../../src/engine/types.js';
import type { Finding } from '../../src/lint/types.js';
import { InputError } from '../../src/model/errors.js';
import { eni, instance } from '../helpers/model.js';
import { DB_IN, DB_OUT, NARROWED_WEB_OUT, WEB_OUT, diff, net } from '../fixtures/diff/networks.js';

const internetToWeb = (flows: readonly FlowChange[]) => flows.find((f) => f.query.from === '203.0.113.10' && f.query.to === 'eni-web' && f.query.port === 443)!;

describe('synack diff: flows whose verdict changes', () => {
  it('narrowing the outbound return rule to 32768-65535 breaks the internet → web flow, and says which rule did it', () => {
    const r = diff(net(), net({ webOut: NARROWED_WEB_OUT }));
    const f = internetToWeb(r.flows);
    expect(f).toMatchObject({ origin: 'derived', kind: 'broken' });
    expect([f.before!.verdict, f.after!.verdict]).toEqual(['reachable', 'partial']);
    expect(f.cause).toMatchObject({ effect: 'closed', leg: 'reply', component: 'nacl', direction: 'outbound', at: 'subnet-web', ports: [[1024, 32767]] });
    // Decided now by the default deny; allowed before by #110, which is now 32768-65535.
    expect(f.cause!.after.map((x) => [x.number, x.action, x.isDefault])).toEqual([[32767, 'deny', true]]);
    expect(f.cause!.before.map((w) => [w.rule.number, w.rule.ports, w.now?.ports])).toEqual([[110, '1024-65535', '32768-65535']]);
    // The place to look at is the changed rule, as it is now.
    expect(causeLocation(f.cause)).toBe(f.cause!.before[0]!.now!.source);
    expect(r.gate).toEqual({ failed: true, reasons: ['1 flow that worked before is broken'] });
  });

  it('deleting the return rule makes the flow unreachable, and the rule reads as deleted', () => {
    const r = diff(net(), net({ webOut: [WEB_OUT[0]!] }));
    const f = internetToWeb(r.flows);
    expect([f.kind, f.after!.verdict]).toEqual(['broken', 'unreachable']);
    expect(f.cause!.before[0]!.now).toBeUndefined();
  });

  it('Linux app servers calling the database are not broken by a change to 1024-32767 they never use', () => {
    const r = diff(net(), net({ dbOut: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '10.0.1.0/24' }] }));
    const f = r.flows.find((x) => x.query.from === 'eni-web' && x.query.to === 'eni-db')!;
    expect(f.kind).toBe('unchanged');
    expect(r.gate.failed).toBe(false);
  });

  it('passes a change that alters nothing any flow depends on', () => {
    const r = diff(net(), net({ webIn: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.2.0/24' }, { n: 200, action: 'deny', proto: 'tcp', ports: 23, cidr: '0.0.0.0/0' }] }));
    expect(countFlows(r).unchanged).toBe(r.flows.length);
    expect(r.gate).toEqual({ failed: false, reasons: [] });
  });

  it('a flows-file flow is broken when it met its expectation before and does not after — also when it is now reachable against an expected unreachable', () => {
    const flows: FileFlow[] = [{ name: 'no internet to the database', from: '198.51.100.7', to: 'eni-db', protocol: 'tcp', port: 5432, expect: 'unreachable' }];
    const after = net({ dbIn: [...DB_IN, { n: 120, proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }], dbOut: [...DB_OUT, { n: 120, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }], dbIngress: [{ proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] });
    const r = diff(net(), after, { flows });
    const f = r.flows[0]!;
    expect(f).toMatchObject({ origin: 'file', name: 'no internet to the database', kind: 'broken', expect: 'unreachable' });
    expect(f.cause?.effect).toBe('opened');
    // The first hop that denied it before (db's NACL inbound) now allows it by the new rule #120.
    expect(f.cause).toMatchObject({ leg: 'request', component: 'nacl', direction: 'inbound' });
    expect(f.cause!.after.map((x) => x.number)).toEqual([120]);
    expect(r.gate.failed).toBe(true);
  });

  it('a flows-file flow that failed before and passes after is better', () => {
    const flows: FileFlow[] = [{ from: '203.0.113.10', to: 'eni-web', protocol: 'tcp', port: 443 }];
    const r = diff(net({ webOut: NARROWED_WEB_OUT }), net(), { flows });
    expect(r.flows[0]!.kind).toBe('better');
    expect(r.gate.failed).toBe(false);
  });

  it('a flow whose endpoint exists on one side only is reported as such, not as an error', () => {
    const before = net();
    const after = net({ parts: { enis: [net().enis[0]!], instances: [instance('i-web', ['eni-web'])] } });
    const r = diff(before, after, { flows: [{ name: 'web → db', from: 'eni-web', to: 'eni-db', protocol: 'tcp', port: 5432 }] });
    expect(r.flows[0]).toMatchObject({ kind: 'only-before', missing: expect.stringContaining('eni-db') });
    expect(r.flows[0]!.after).toBeUndefined();
    expect(r.endpoints.onlyBefore.map((e) => e.id)).toEqual(['eni-db']);
    // Only-before is not broken: removing a server on purpose is not a failure of the change.
    expect(r.gate.failed).toBe(false);

    const grown = net({ parts: { enis: [...net().enis, eni('eni-new', 'subnet-web', '10.0.1.50', ['sg-web'])] } });
    const r2 = diff(before, grown, { flows: [{ from: 'eni-new', to: 'eni-db', protocol: 'tcp', port: 5432 }] });
    expect(r2.flows[0]).toMatchObject({ kind: 'only-after' });
  });

  it('a flows-file flow that resolves in neither snapshot is an input error at its line', () => {
    const flows: FileFlow[] = [{ name: 'typo', from: 'eni-wbe', to: 'eni-db', protocol: 'tcp', port: 5432, source: { file: 'flows.yaml', pointer: '/flows/0', line: 3 } }];
    let thrown: unknown;
    try {
      diff(net(), net(), { flows });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).problems).toEqual([
      { file: 'flows.yaml', pointer: '/flows/0/from', line: 3, message: expect.stringMatching(/^flow "typo": nothing in the snapshot is named "eni-wbe".*\(in neither snapshot\)$/) },
    ]);
  });

  it('a derived flow is compared once even when the flows file names it too', () => {
    const r = diff(net(), net(), { flows: [{ from: 'eni-web', to: 'eni-db', protocol: 'tcp', port: 5432 }] });
    expect(r.flows.filter((f) => f.query.from === 'eni-web' && f.query.to === 'eni-db' && f.query.port === 5432)).toHaveLength(1);
    expect(r.flows[0]!.origin).toBe('file');
  });

  it('--max-derived-flows 0 compares only the flows of the flows file', () => {
    const r = diff(net(), net({ webOut: NARROWED_WEB_OUT }), { derivedLimit: 0 });
    expect(r.flows).toEqual([]);
    expect(r.gate.failed).toBe(false);
  });
});

describe('synack diff: how a verdict change is classified', () => {
  const result = (verdict: FlowResult['verdict'], fraction = verdict === 'reachable' ? 1 : verdict === 'partial' ? 0.5 : 0) => ({ verdict, returnPorts: { range: [1024, 65535], allowed: [], fraction } }) as unknown as FlowResult;
  it.each([
    ['reachable', 'partial', 'broken'],
    ['reachable', 'unreachable', 'broken'],
    ['partial', 'unreachable', 'worse'],
    ['unreachable', 'partial', 'better'],
    ['partial', 'reachable', 'better'],
    ['reachable', 'unknown', 'changed'],
    ['unknown', 'unreachable', 'changed'],
    ['unreachable', 'unreachable', 'unchanged'],
  ] as const)('%s → %s is %s', (b, a, kind) => {
    expect(verdictChange(result(b), result(a))).toBe(kind);
  });

  it('partial → partial is worse when fewer client ports get replies, better when more do', () => {
    expect(verdictChange(result('partial', 0.8), result('partial', 0.5))).toBe('worse');
    expect(verdictChange(result('partial', 0.5), result('partial', 0.8))).toBe('better');
    expect(verdictChange(result('partial', 0.5), result('partial', 0.5))).toBe('unchanged');
  });
});

describe('synack diff: findings introduced and resolved, by fingerprint', () => {
  it('the narrowed return rule introduces nacl-return-partial (a warning): it fails the gate only with --fail-on warning', () => {
    const before = net();
    const after = net({ webOut: NARROWED_WEB_OUT });
    const atError = diff(before, after, { derivedLimit: 0 });
    expect(atError.findings.introduced.map((c) => [c.finding.ruleId, c.change, c.gating])).toContainEqual(['nacl-return-partial', 'new', false]);
    expect(atError.gate.failed).toBe(false);
    const atWarning = diff(before, after, { failOn: 'warning', derivedLimit: 0 });
    expect(atWarning.gate.failed).toBe(true);
    expect(atWarning.gate.reasons.join()).toMatch(/new findings? at or above warning/);
    expect(diff(before, after, { failOn: 'none', derivedLimit: 0 }).gate.failed).toBe(false);
  });

  it('unrelated edits are no churn: findings that moved in the file keep their fingerprint', () => {
    const before = net({ webOut: NARROWED_WEB_OUT });
    const after = net({ webOut: [...NARROWED_WEB_OUT].reverse() });
    // Same rules in another order in the input: every location differs, no finding is new or resolved.
    const moved = { ...after, nacls: after.nacls.map((n) => ({ ...n, source: { file: 'other.json', pointer: '/NetworkAcls/7' }, outbound: n.outbound.map((r) => ({ ...r, source: { file: 'other.json', pointer: `/x/${r.number}` } })) })) };
    const r = diff(before, moved);
    expect(r.findings.introduced).toEqual([]);
    expect(r.findings.resolved).toEqual([]);
    expect(r.findings.unchanged).toBeGreaterThan(0);
  });

  it('fixing the rule resolves the finding', () => {
    const r = diff(net({ webOut: NARROWED_WEB_OUT }), net());
    expect(r.findings.resolved.map((c) => [c.finding.ruleId, c.change])).toContainEqual(['nacl-return-partial', 'gone']);
  });

  it('a suppression added or removed on one side counts as resolved or introduced', () => {
    const f = (fingerprint: string, suppressed?: boolean): Finding =>
      ({ ruleId: 'sg-world-open-admin', severity: 'error', fingerprint, key: fingerprint, message: 'm', resource: { type: 'security-group', id: 'sg-1' }, ...(suppressed ? { suppressed: { kind: 'tag', reason: 'tag' } } : {}) }) as Finding;
    const c = compareFindings([f('a', true), f('b'), f('c')], [f('a'), f('b', true), f('c'), f('d', true)], 'error');
    expect(c.introduced.map((i) => [i.finding.fingerprint, i.change, i.gating])).toEqual([
      ['a', 'unsuppressed', true],
      ['d', 'new', false],
    ]);
    expect(c.resolved.map((i) => [i.finding.fingerprint, i.change])).toEqual([['b', 'suppressed']]);
    expect(c.unchanged).toBe(1);
  });
});
