import { describe, expect, it } from 'vitest';
import { ICMP, ICMPV6, TCP, UDP } from '../../src/model/protocol.js';
import type { NaclRule } from '../../src/model/snapshot.js';
import type { SourceLocation } from '../../src/model/source.js';
import { cidr } from '../../src/net/address.js';
import { Problems } from '../../src/sources/document-import.js';
import { sgRuleRecord, sgTraffic, sortNaclRules, type PortFields, type PortValues } from '../../src/sources/iac-rules.js';

const at: SourceLocation = { file: 'plan.json', pointer: '/rule', address: 'aws_security_group_rule.r' };
const fields: PortFields = { from: 'from_port', to: 'to_port', fromAt: { ...at, pointer: '/rule/from_port' }, toAt: { ...at, pointer: '/rule/to_port' } };

/** sgTraffic with fixed port values; `read` counts how often the importer was asked for them. */
function traffic(protocol: number, values: PortValues | undefined): { result: ReturnType<typeof sgTraffic>; problems: Problems; read: number } {
  const problems = new Problems();
  let read = 0;
  const result = sgTraffic(protocol, () => (read++, values), fields, at, 'rule r', problems);
  return { result, problems, read };
}

describe('sgTraffic', () => {
  it('reads ports for TCP and UDP', () => {
    expect(traffic(TCP, { from: 443, to: 443 }).result).toEqual({ protocol: TCP, ports: { from: 443, to: 443 } });
    expect(traffic(UDP, { from: 53, to: 54 }).result).toEqual({ protocol: UDP, ports: { from: 53, to: 54 } });
  });

  it('reads the port fields as ICMP type and code for ICMP and ICMPv6, absent as -1', () => {
    expect(traffic(ICMP, { from: 8, to: 0 }).result).toEqual({ protocol: ICMP, icmp: { type: 8, code: 0 } });
    expect(traffic(ICMPV6, { from: undefined, to: undefined }).result).toEqual({ protocol: ICMPV6, icmp: { type: -1, code: -1 } });
  });

  it('does not ask for the port fields of other protocols', () => {
    expect(traffic(-1, { from: 1, to: 2 })).toMatchObject({ result: { protocol: -1 }, read: 0 });
    expect(traffic(50, undefined)).toMatchObject({ result: { protocol: 50 }, read: 0 });
  });

  it('gives up without a word of its own when the importer could not read the ports', () => {
    const { result, problems, read } = traffic(TCP, undefined);
    expect(result).toBeUndefined();
    expect(read).toBe(1);
    expect(problems.list).toEqual([]);
  });

  it("reports bad ports and ICMP values under the rule's label and the fields' names", () => {
    const ports = traffic(TCP, { from: 90, to: 80 });
    expect(ports.result).toBeUndefined();
    expect(ports.problems.list).toEqual([{ file: 'plan.json', pointer: '/rule', message: 'rule r: from_port 90 is greater than to_port 80; expected from_port <= to_port' }]);
    const icmp = traffic(ICMP, { from: 300, to: 0 });
    expect(icmp.result).toEqual({ protocol: ICMP, icmp: { type: -1, code: 0 } });
    expect(icmp.problems.list).toEqual([
      { file: 'plan.json', pointer: '/rule/from_port', message: 'rule r: from_port (ICMP type) 300 is outside -1..255; expected -1 (all) or an ICMP type 0-255' },
    ]);
  });
});

describe('sgRuleRecord', () => {
  it('spreads the traffic into the rule and leaves out absent fields', () => {
    const peer = { kind: 'cidr' as const, cidr: cidr('10.0.0.0/8') };
    const rule = sgRuleRecord({ groupId: 'sg-1', direction: 'ingress', traffic: { protocol: TCP, ports: { from: 22, to: 22 } }, peer, description: undefined, source: at });
    expect(rule).toEqual({ groupId: 'sg-1', direction: 'ingress', protocol: TCP, ports: { from: 22, to: 22 }, peer, source: at });
    expect(Object.keys(rule)).toEqual(['groupId', 'direction', 'protocol', 'ports', 'peer', 'source']);
    expect(Object.keys(sgRuleRecord({ groupId: 'sg-1', direction: 'egress', traffic: { protocol: -1 }, peer, description: 'd', ruleId: 'sgr-1', source: at }))).toEqual([
      'groupId',
      'direction',
      'protocol',
      'peer',
      'description',
      'ruleId',
      'source',
    ]);
  });
});

describe('sortNaclRules', () => {
  const rule = (number: number, address: string): NaclRule => ({
    naclId: 'acl',
    number,
    egress: false,
    action: 'allow',
    protocol: -1,
    cidr: cidr('0.0.0.0/0'),
    isDefaultDeny: false,
    source: { file: 'f', pointer: `/${address}`, address },
  });

  it('orders by rule number, keeping the order of equal numbers, without changing the input', () => {
    const input = [rule(200, 'a'), rule(100, 'b'), rule(200, 'c'), rule(50, 'd')];
    const sorted = sortNaclRules(input, () => undefined);
    expect(sorted.map((r) => r.source.address)).toEqual(['d', 'b', 'a', 'c']);
    expect(input.map((r) => r.source.address)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('passes each reused number to the caller with the rule before it', () => {
    const reused: string[] = [];
    sortNaclRules([rule(100, 'a'), rule(100, 'b'), rule(100, 'c'), rule(110, 'd')], (r, previous) => reused.push(`${r.source.address} after ${previous.source.address}`));
    expect(reused).toEqual(['b after a', 'c after b']);
  });
});
