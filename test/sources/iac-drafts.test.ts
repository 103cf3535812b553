import { describe, expect, it } from 'vitest';
import type { Eni, Nacl, SgRule, Subnet, Vpc } from '../../src/model/snapshot.js';
import type { SourceLocation } from '../../src/model/source.js';
import { cidr } from '../../src/net/address.js';
import { addGroupRules, importOfDrafts, type GroupDraft, type InstanceDraft } from '../../src/sources/iac-drafts.js';

const at = (address: string): SourceLocation => ({ file: 't.json', pointer: `/${address}`, address });

const rule = (groupId: string): SgRule => ({ groupId, direction: 'ingress', protocol: -1, peer: { kind: 'cidr', cidr: cidr('10.0.0.0/8') }, source: at('rule') });

describe('addGroupRules', () => {
  it("adds to a group read earlier, and makes a group known by its rules only when the document doesn't hold it", () => {
    const web: GroupDraft = { id: 'web', name: 'web', ingress: [], egress: [], tags: { Name: 'web' }, source: at('web') };
    const groups = new Map([['web', web]]);
    addGroupRules(groups, 'web', 'ingress', [rule('web')], at('rule'));
    addGroupRules(groups, 'sg-elsewhere', 'egress', [rule('sg-elsewhere')], at('other'));
    expect(groups.get('web')?.ingress).toHaveLength(1);
    expect(groups.get('sg-elsewhere')).toEqual({ id: 'sg-elsewhere', name: 'sg-elsewhere', ingress: [], egress: [rule('sg-elsewhere')], tags: {}, source: at('other') });
  });

  it('adds no group for rules without a peer', () => {
    const groups = new Map<string, GroupDraft>();
    addGroupRules(groups, 'sg-1', 'ingress', [], at('rule'));
    expect(groups.size).toBe(0);
  });
});

describe('importOfDrafts', () => {
  const vpc: Vpc = { id: 'vpc', cidrs: [], tags: {}, source: at('vpc') };
  const subnet: Subnet = { id: 'subnet', vpcId: 'vpc', cidrs: [cidr('10.0.1.0/24')], tags: {}, source: at('subnet') };
  const nacl: Nacl = { id: 'acl', vpcId: 'vpc', isDefault: false, subnetIds: ['subnet', 'subnet-elsewhere'], inbound: [], outbound: [], tags: {}, source: at('acl') };
  const eni = (id: string, deviceIndex?: number, instanceId = 'i'): Eni => ({ id, privateIps: [], ipv6s: [], groupIds: [], instanceId, ...(deviceIndex === undefined ? {} : { deviceIndex }), tags: {}, source: at(id) });

  it('gives each VPC the blocks gathered for it and each group without its absent fields', () => {
    const out = importOfDrafts('t.json', {
      vpcs: [{ vpc, cidrs: [cidr('10.0.0.0/16')] }],
      subnets: new Map([['subnet', subnet]]),
      groups: [{ id: 'sg', name: 'sg', vpcId: undefined, ingress: [], egress: [], tags: {}, source: at('sg') }],
      nacls: [],
      enis: new Map(),
      instances: new Map(),
    });
    expect(out.file).toBe('t.json');
    expect(out.vpcs).toEqual([{ ...vpc, cidrs: [cidr('10.0.0.0/16')] }]);
    expect(out.subnets).toEqual([subnet]);
    expect(Object.keys(out.securityGroups[0]!)).not.toContain('vpcId');
  });

  it("links a NACL's subnets of the document for the merge step's association check, and only those", () => {
    const out = importOfDrafts('t.json', { vpcs: [], subnets: new Map([['subnet', subnet]]), groups: [], nacls: [nacl], enis: new Map(), instances: new Map() });
    expect(out.nacls).toEqual([nacl]);
    expect(out.naclSubnets).toEqual([{ owner: at('acl'), ownerId: 'acl', subnetId: 'subnet', source: at('acl') }]);
  });

  it("lists the interfaces attached to an instance by device index, primary first, unknown indexes last", () => {
    const instance: InstanceDraft = { id: 'i', eniIds: ['eni-c'], tags: {}, source: at('i') };
    const enis = new Map([
      ['eni-a', eni('eni-a', 1)],
      ['eni-b', eni('eni-b', 0)],
      ['eni-c', eni('eni-c')],
      ['eni-d', eni('eni-d', 2, 'i-elsewhere')],
    ]);
    const out = importOfDrafts('t.json', { vpcs: [], subnets: new Map(), groups: [], nacls: [], enis, instances: new Map([['i', instance]]) });
    expect(out.instances).toEqual([{ id: 'i', eniIds: ['eni-b', 'eni-a', 'eni-c'], tags: {}, source: at('i') }]);
    expect(out.enis.map((e) => e.id)).toEqual(['eni-a', 'eni-b', 'eni-c', 'eni-d']);
  });
});
