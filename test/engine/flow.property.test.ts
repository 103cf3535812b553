import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/flow.js';
import { ip, type Family } from '../../src/net/address.js';
import type { NaclRule, SgRule } from '../../src/model/snapshot.js';
import { bruteNaclAllows, bruteSgAllows } from '../helpers/brute-force.js';
import { eni, index, naclRule, sg, sgRule, subnet, vpc } from '../helpers/model.js';

/**
 * Random NACLs and groups between a client (web) and a server (db) subnet; the whole two-way trace is
 * compared with a per-packet evaluation of each hop for every client port.
 */
const ADDR = {
  4: { client: '10.0.1.10', server: '10.0.2.20', cidrs: ['0.0.0.0/0', '10.0.0.0/16', '10.0.1.0/24', '10.0.2.0/24', '10.0.1.10/32', '10.0.2.20/32', '10.0.3.0/24'] },
  6: { client: '2001:db8:0:1::10', server: '2001:db8:0:2::20', cidrs: ['::/0', '2001:db8::/56', '2001:db8:0:1::/64', '2001:db8:0:2::/64', '2001:db8:0:1::10/128', '2001:db8:0:2::20/128', '2001:db8:0:3::/64'] },
} as const;
const SERVICE_PORT = 1000;
const CLIENT = [1005, 1030] as const;
const portArb = fc.tuple(fc.integer({ min: 995, max: 1035 }), fc.integer({ min: 995, max: 1035 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

const naclRulesArb = (family: Family) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 8 }).chain((numbers) =>
    fc.tuple(
      ...numbers.map((n) =>
        fc.record({ n: fc.constant(n), action: fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny'), proto: fc.constantFrom('-1', '6', '17'), cidr: fc.constantFrom(...ADDR[family].cidrs, ...ADDR[family === 4 ? 6 : 4].cidrs.slice(0, 1)), ports: portArb }),
      ),
    ),
  );

const sgRulesArb = (family: Family) =>
  fc.array(fc.record({ proto: fc.constantFrom('-1', 'tcp', 'udp'), cidr: fc.constantFrom(...ADDR[family].cidrs), ports: portArb }), { maxLength: 4 });

const world = fc.constantFrom<Family>(4, 6).chain((family) =>
  fc.record({
    family: fc.constant(family),
    protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
    webIn: naclRulesArb(family),
    webOut: naclRulesArb(family),
    dbIn: naclRulesArb(family),
    dbOut: naclRulesArb(family),
    webEgress: sgRulesArb(family),
    dbIngress: sgRulesArb(family),
  }),
);

describe('traceFlow agrees with a per-packet evaluation of every hop', () => {
  it('verdict, allowed client ports and fraction, for random rules in IPv4 and IPv6', () => {
    fc.assert(
      fc.property(world, (w) => {
        const toRules = (naclId: string, egress: boolean, specs: { n: number; action: 'allow' | 'deny'; proto: string; cidr: string; ports: [number, number] }[]): NaclRule[] =>
          [...specs.map((s, i) => naclRule(naclId, egress, s, i)), naclRule(naclId, egress, { n: 32767, action: 'deny', cidr: '0.0.0.0/0' }), naclRule(naclId, egress, { n: 32768, action: 'deny', cidr: '::/0' })].sort((a, b) => a.number - b.number);
        const aclWeb = { id: 'acl-web', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-web'], inbound: toRules('acl-web', false, w.webIn), outbound: toRules('acl-web', true, w.webOut), tags: {}, source: { file: 't', pointer: '' } };
        const aclDb = { id: 'acl-db', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-db'], inbound: toRules('acl-db', false, w.dbIn), outbound: toRules('acl-db', true, w.dbOut), tags: {}, source: { file: 't', pointer: '' } };
        const webEgress: SgRule[] = w.webEgress.map((r, i) => sgRule('sg-web', 'egress', r, i));
        const dbIngress: SgRule[] = w.dbIngress.map((r, i) => sgRule('sg-db', 'ingress', r, i));
        const sgWeb = { ...sg('sg-web'), egress: webEgress };
        const sgDb = { ...sg('sg-db'), ingress: dbIngress };
        const a = ADDR[w.family];
        const idx = index({
          vpcs: [vpc('vpc-1', ['10.0.0.0/16', '2001:db8::/56'])],
          subnets: [subnet('subnet-web', ['10.0.1.0/24', '2001:db8:0:1::/64']), subnet('subnet-db', ['10.0.2.0/24', '2001:db8:0:2::/64'])],
          nacls: [aclWeb, aclDb],
          securityGroups: [sgWeb, sgDb],
          enis: [eni('eni-web', 'subnet-web', ['10.0.1.10', '2001:db8:0:1::10'], ['sg-web']), eni('eni-db', 'subnet-db', ['10.0.2.20', '2001:db8:0:2::20'], ['sg-db'])],
        });
        const result = traceFlow(idx, { from: a.client, to: a.server, protocol: w.protocol, port: SERVICE_PORT, clientPorts: `${CLIENT[0]}-${CLIENT[1]}` });

        const protocol = w.protocol === 'tcp' ? 6 : 17;
        const client = ip(a.client).value;
        const server = ip(a.server).value;
        const family = w.family;
        const request =
          bruteSgAllows(webEgress, { family, protocol, address: server, key: SERVICE_PORT }) &&
          bruteNaclAllows(aclWeb.outbound, { family, protocol, address: server, key: SERVICE_PORT }) &&
          bruteNaclAllows(aclDb.inbound, { family, protocol, address: client, key: SERVICE_PORT }) &&
          bruteSgAllows(dbIngress, { family, protocol, address: client, key: SERVICE_PORT });
        const replyPorts: number[] = [];
        for (let port = CLIENT[0]; port <= CLIENT[1]; port++) {
          if (bruteNaclAllows(aclDb.outbound, { family, protocol, address: client, key: port }) && bruteNaclAllows(aclWeb.inbound, { family, protocol, address: server, key: port })) replyPorts.push(port);
        }
        const total = CLIENT[1] - CLIENT[0] + 1;
        const expected = !request || replyPorts.length === 0 ? 'unreachable' : replyPorts.length === total ? 'reachable' : 'partial';
        expect(result.verdict).toBe(expected);
        const allowedPorts = result.returnPorts.allowed.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
        expect(allowedPorts).toEqual(replyPorts);
        expect(result.returnPorts.fraction).toBeCloseTo(replyPorts.length / total, 6);
        // Every proposed fix names a NACL or group on the path.
        for (const f of result.fixes) expect(['acl-web', 'acl-db', 'sg-web', 'sg-db']).toContain(f.targetId);
      }),
      { numRuns: 400 },
    );
  });
});
