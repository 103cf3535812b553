import { describe, expect, it } from 'vitest';
import { deriveFlows, type DerivedFlow } from '../../src/analysis/derive-flows.js';
import { defaultSettings } from '../../src/lint/types.js';
import { eni, instance, nacl, sg, snapshot, subnet, vpc } from '../helpers/model.js';
import { NARROWED_WEB_OUT, net } from '../fixtures/diff/networks.js';

const text = (f: DerivedFlow) => `${f.query.from} → ${f.query.to} ${f.query.protocol}/${f.query.port}`;
const texts = (flows: readonly DerivedFlow[]) => flows.map(text);

describe('deriveFlows: every service the rules allow', () => {
  it('derives web → db on the port the db group admits from the web group, and every peer → web on 443', () => {
    const s = net();
    const d = deriveFlows(s, s);
    // web's group and NACL admit 443 from 0.0.0.0/0: the internet, and db too.
    expect(texts(d.flows)).toEqual(['eni-web → eni-db tcp/5432', '203.0.113.10 → eni-web tcp/443', 'eni-db → eni-web tcp/443']);
    expect(d.flows.map((f) => f.allowedIn)).toEqual([
      ['before', 'after'],
      ['before', 'after'],
      ['before', 'after'],
    ]);
    expect(d.flows[1]!.clientKind).toBe('external');
    expect(d.notes).toEqual([]);
  });

  it('never derives a flow the rules do not allow', () => {
    const s = net({ webIngress: [{ proto: 'tcp', ports: 443, cidr: '192.0.2.0/24' }] });
    const all = texts(deriveFlows(s, s).flows);
    // db is not in 192.0.2.0/24; the internet reaches db on nothing.
    expect(all).toEqual(['eni-web → eni-db tcp/5432', '192.0.2.10 → eni-web tcp/443']);
  });

  it('reads services from NACL entries in a subnet without interfaces, by an address inside it', () => {
    const s = snapshot({
      vpcs: [vpc('vpc-1', '10.0.0.0/16')],
      subnets: [subnet('subnet-a', '10.0.1.0/24'), subnet('subnet-b', '10.0.2.0/24')],
      nacls: [
        nacl('acl-a', { subnetIds: ['subnet-a'], inbound: [{ n: 100, proto: 'tcp', ports: 22, cidr: '10.0.2.0/24' }], outbound: [{ n: 100, cidr: '0.0.0.0/0' }] }),
        nacl('acl-b', { subnetIds: ['subnet-b'], inbound: [{ n: 100, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, cidr: '0.0.0.0/0' }] }),
      ],
    });
    // AWS reserves the first four addresses of a subnet: the fifth stands for the subnet.
    expect(texts(deriveFlows(s, s).flows)).toEqual(['10.0.2.4 → 10.0.1.4 tcp/22']);
  });

  it('return ranges and protocol -1 rules are no services', () => {
    const s = snapshot({
      vpcs: [vpc('vpc-1', '10.0.0.0/16')],
      subnets: [subnet('subnet-a', '10.0.1.0/24')],
      nacls: [nacl('acl-a', { subnetIds: ['subnet-a'], inbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }, { n: 110, cidr: '10.0.0.0/8' }] })],
      securityGroups: [sg('sg-a', { ingress: [{ proto: -1, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }] })],
      enis: [eni('eni-a', 'subnet-a', '10.0.1.10', ['sg-a'])],
    });
    expect(deriveFlows(s, s).flows).toEqual([]);
  });

  it('cuts a port range where a rule of either snapshot starts or ends, so a narrowed range is compared', () => {
    const before = net({ webIngress: [{ proto: 'tcp', ports: [8000, 8100], cidr: '0.0.0.0/0' }], webIn: [{ n: 100, proto: 'tcp', ports: [8000, 8100], cidr: '0.0.0.0/0' }] });
    const after = net({ webIngress: [{ proto: 'tcp', ports: [8000, 8050], cidr: '0.0.0.0/0' }], webIn: [{ n: 100, proto: 'tcp', ports: [8000, 8100], cidr: '0.0.0.0/0' }] });
    const ports = deriveFlows(before, after).flows.filter((f) => f.query.to === 'eni-web' && f.clientKind === 'external').map((f) => f.query.port);
    expect(ports).toEqual([8000, 8051]);
  });

  it('stands for every interface that no rule tells apart by one representative, and splits off one a change moves', () => {
    const web2 = eni('eni-web2', 'subnet-web', '10.0.1.11', ['sg-web'], { instanceId: 'i-web2' });
    const before = net();
    const withTwo = { ...before, enis: [...before.enis, web2], instances: [...before.instances, instance('i-web2', ['eni-web2'], { platformDetails: 'Linux/UNIX' })] };
    const same = deriveFlows(withTwo, withTwo).flows.find((f) => f.query.to === 'eni-db')!;
    expect(same.query.from).toBe('eni-web');
    expect(same.represents).toEqual({ clients: 2, servers: 1 });

    const moved = { ...withTwo, enis: [...before.enis, { ...web2, groupIds: ['sg-other'] }], securityGroups: [...before.securityGroups, sg('sg-other')] };
    const split = deriveFlows(withTwo, moved).flows.filter((f) => f.query.to === 'eni-db' && f.query.port === 5432);
    expect(split.map((f) => [f.query.from, f.allowedIn])).toEqual([
      ['eni-web', ['before', 'after']],
      ['eni-web2', ['before']],
    ]);
  });

  it('includes flows only the "after" allows (newly opened), marked as such', () => {
    const before = net();
    const after = net({ dbIn: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }], dbIngress: [{ proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] });
    const opened = deriveFlows(before, after).flows.find((f) => f.query.from === '203.0.113.10' && f.query.to === 'eni-db');
    expect(opened?.allowedIn).toEqual(['after']);
  });

  it('picks one external address per class of outside addresses the rules tell apart, a documentation address when it can', () => {
    const s = net({
      webIngress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }],
      webIn: [{ n: 90, action: 'deny', proto: 'tcp', ports: 443, cidr: '203.0.113.0/24' }, { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }],
    });
    const external = deriveFlows(s, s).flows.filter((f) => f.clientKind === 'external').map((f) => f.query.from);
    // 203.0.113.0/24 is denied by the NACL, so the internet is represented by the next documentation block.
    expect(external).toEqual(['198.51.100.10']);
  });

  it('uses the configured client range for a client, and leaves it to the engine otherwise', () => {
    const s = net();
    const settings = { ...defaultSettings(), clientPortsFor: (t: { eniId?: string }) => (t.eniId === 'eni-web' ? { range: [49152, 65535] as const, profile: 'windows', reason: 'config' } : undefined) };
    const flows = deriveFlows(s, s, { settings }).flows;
    expect(flows.find((f) => f.query.from === 'eni-web')?.query.clientPorts).toBe('49152-65535');
    expect(flows.find((f) => f.query.from === '203.0.113.10')?.query.clientPorts).toBeUndefined();
  });

  it('is bounded: beyond the limit servers take turns, flows the "before" allows first, and a note says how many were left out', () => {
    const subnets = [subnet('subnet-a', '10.0.1.0/24')];
    const groups = [sg('sg-a', { ingress: [{ proto: 'tcp', ports: 22, cidr: '10.0.0.0/16' }, { proto: 'tcp', ports: 80, cidr: '10.0.0.0/16' }, { proto: 'tcp', ports: 443, cidr: '10.0.0.0/16' }] })];
    // Each interface in a class of its own (one /32 rule per address), all admitting the others.
    const enis = Array.from({ length: 6 }, (_, i) => eni(`eni-${i}`, 'subnet-a', `10.0.1.${10 + i}`, ['sg-a']));
    const perAddress = sg('sg-b', { ingress: enis.map((e) => ({ proto: 'tcp', ports: 9, cidr: `${e.privateIps[0]!.text}/32` })) });
    const s = snapshot({ vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets, securityGroups: [...groups, perAddress], enis: enis.map((e) => ({ ...e, groupIds: ['sg-a', 'sg-b'] })) });
    const full = deriveFlows(s, s);
    expect(full.candidates).toBe(6 * 5 * 4);
    const capped = deriveFlows(s, s, { limit: 12 });
    expect(capped.flows).toHaveLength(12);
    expect(capped.candidates).toBe(120);
    // Six servers, two flows each.
    const perServer = new Map<string, number>();
    for (const f of capped.flows) perServer.set(f.query.to, (perServer.get(f.query.to) ?? 0) + 1);
    expect([...perServer.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    expect(capped.notes.join(' ')).toMatch(/120 flows follow from the rules; 12 were compared \(at most 12/);
  });

  it('lists interfaces and subnets of one snapshot only, and derives no flow to or from them', () => {
    const before = net();
    const after = net({ parts: { enis: [net().enis[0]!, eni('eni-new', 'subnet-db', '10.0.2.30', ['sg-db'])], instances: [instance('i-web', ['eni-web'])] } });
    const d = deriveFlows(before, after);
    expect(d.onlyIn.before.map((e) => e.id)).toEqual(['eni-db']);
    expect(d.onlyIn.after.map((e) => e.id)).toEqual(['eni-new']);
    expect(texts(d.flows)).toEqual(['203.0.113.10 → eni-web tcp/443']);
    expect(d.notes).toEqual([]);
  });

  it('says which interfaces cannot be traced because their address is assigned at apply', () => {
    const s = net();
    const unaddressed = { ...s, enis: [...s.enis, eni('aws_instance.new.primary_network_interface_id', 'subnet-web', [], ['sg-web'])] };
    const d = deriveFlows(unaddressed, unaddressed);
    expect(d.notes.join(' ')).toContain('1 interface without a known address (assigned at apply) cannot be traced: aws_instance.new.primary_network_interface_id');
  });

  it('sees the classic mistake: the narrowed return rule changes nothing about which services exist', () => {
    const d = deriveFlows(net(), net({ webOut: NARROWED_WEB_OUT }));
    expect(texts(d.flows)).toEqual(texts(deriveFlows(net(), net()).flows));
  });
});
