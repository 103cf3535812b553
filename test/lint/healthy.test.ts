/**
 * Whole-network specifications for the NACL/flow rules: a healthy three-tier VPC lints clean, the classic
 * broken return is exactly one nacl-return-missing, and a real CloudFormation template (transcribed)
 * gives exactly the findings it should.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { naclReturnMissing } from '../../src/lint/rules/nacl-return-missing.js';
import { naclReturnPartial } from '../../src/lint/rules/nacl-return-partial.js';
import { naclReturnRangeExposes } from '../../src/lint/rules/nacl-return-range-exposes.js';
import { naclRuleOverridden } from '../../src/lint/rules/nacl-rule-overridden.js';
import { naclRuleShadowed } from '../../src/lint/rules/nacl-rule-shadowed.js';
import { pmtudBlocked } from '../../src/lint/rules/pmtud-blocked.js';
import { sgRuleDead } from '../../src/lint/rules/sg-rule-dead.js';
import { lintSnapshot } from '../../src/lint/run.js';
import { eni, instance, nacl, sg, snapshot, subnet, vpc } from '../helpers/model.js';

const RULES = [naclReturnMissing, naclReturnPartial, naclRuleShadowed, naclRuleOverridden, naclReturnRangeExposes, sgRuleDead, pmtudBlocked];
const lint = (parts: Partial<Snapshot>) => lintSnapshot(snapshot(parts), { ruleSet: RULES }).findings;

const OFFICE = '203.0.113.0/24';
const PUBLIC = '10.0.0.0/24';
const APP = '10.0.10.0/24';
const DB = '10.0.20.0/24';

/**
 * AWS's recommended rules for a VPC with public and private subnets (VPC user guide, "Recommended network
 * ACL rules"), with the return range widened to 1024-65535 (AWS's advice for unknown clients, and what a
 * NAT gateway and a load balancer use), a third tier for the database, and the inbound ICMP type 3 code 4
 * rule that Path MTU discovery needs wherever TCP comes in from outside the VPC.
 */
function threeTier(): Partial<Snapshot> {
  return {
    vpcs: [vpc('vpc-1', '10.0.0.0/16')],
    subnets: [subnet('subnet-public', PUBLIC), subnet('subnet-app', APP), subnet('subnet-db', DB)],
    nacls: [
      nacl('acl-public', {
        subnetIds: ['subnet-public'],
        inbound: [
          { n: 100, proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' },
          { n: 110, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { n: 120, proto: 'tcp', ports: 22, cidr: OFFICE },
          { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' },
          { n: 150, proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' },
        ],
        outbound: [
          { n: 100, proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' },
          { n: 110, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { n: 120, proto: 'tcp', ports: 8080, cidr: APP },
          { n: 130, proto: 'tcp', ports: 22, cidr: APP },
          { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' },
        ],
      }),
      nacl('acl-app', {
        subnetIds: ['subnet-app'],
        inbound: [
          { n: 100, proto: 'tcp', ports: 8080, cidr: PUBLIC },
          { n: 110, proto: 'tcp', ports: 22, cidr: PUBLIC },
          { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' },
          { n: 150, proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' },
        ],
        outbound: [
          { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { n: 110, proto: 'tcp', ports: 5432, cidr: DB },
          { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: PUBLIC },
        ],
      }),
      nacl('acl-db', {
        subnetIds: ['subnet-db'],
        inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: APP }],
        outbound: [{ n: 140, proto: 'tcp', ports: [1024, 65535], cidr: APP }],
      }),
    ],
    securityGroups: [
      sg('sg-alb', {
        ingress: [
          { proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' },
          { proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' },
        ],
      }),
      sg('sg-bastion', { ingress: [{ proto: 'tcp', ports: 22, cidr: OFFICE }] }),
      sg('sg-app', { ingress: [{ proto: 'tcp', ports: 8080, group: 'sg-alb' }, { proto: 'tcp', ports: 22, group: 'sg-bastion' }] }),
      sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-app' }] }),
    ],
    enis: [
      eni('eni-nat', 'subnet-public', '10.0.0.5', [], { interfaceType: 'nat_gateway', requesterManaged: true }),
      eni('eni-alb', 'subnet-public', '10.0.0.20', ['sg-alb'], { description: 'ELB app/web/50dc6c495c0c9188', requesterManaged: true }),
      eni('eni-bastion', 'subnet-public', '10.0.0.30', ['sg-bastion'], { instanceId: 'i-bastion' }),
      eni('eni-app', 'subnet-app', '10.0.10.10', ['sg-app'], { instanceId: 'i-app' }),
      eni('eni-db', 'subnet-db', '10.0.20.10', ['sg-db']),
    ],
    instances: [instance('i-bastion', ['eni-bastion'], { platformDetails: 'Linux/UNIX' }), instance('i-app', ['eni-app'], { platformDetails: 'Linux/UNIX' })],
  };
}

describe('whole networks', () => {
  it('a healthy three-tier VPC (AWS’s recommended NACL rules, 1024-65535 returns, ICMP 3/4 in) produces no finding', () => {
    expect(lint(threeTier()).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('the same three NACLs without any interface in the snapshot also lint clean', () => {
    expect(lint({ ...threeTier(), securityGroups: [], enis: [], instances: [] }).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('the classic broken return (custom NACL allowing inbound 443, no outbound ephemeral rule) is exactly one nacl-return-missing', () => {
    const findings = lint({
      vpcs: [vpc('vpc-1', '10.0.0.0/16')],
      subnets: [subnet('subnet-web', '10.0.1.0/24')],
      nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
    });
    const missing = findings.filter((f) => f.ruleId === 'nacl-return-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'error', resource: { type: 'nacl', id: 'acl-web' }, key: 'inbound:100:0.0.0.0/0' });
    expect(missing[0]!.fix?.command).toMatch(/^aws ec2 create-network-acl-entry --network-acl-id acl-web --egress --rule-number \d+ --protocol tcp --port-range From=1024,To=65535 --cidr-block 0\.0\.0\.0\/0 --rule-action allow$/);
    // The only other finding: TCP comes in from the internet and ICMP "fragmentation needed" does not.
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['nacl-return-missing', 'pmtud-blocked']);
  });

  /**
   * cfn-lint test/fixtures/templates/quickstart/nist_vpc_production.yaml (the NIST quick start's production
   * VPC): rNACLPublic on the DMZ subnets, rNACLPrivate on the app and db subnets, every NetworkAclEntry as
   * written. Parameter defaults are used (pProductionCIDR 10.100.0.0/16; the subnet CIDRs stored
   * canonically, e.g. 10.100.119.0/21 → 10.100.112.0/21); pManagementCIDR has no default: 10.200.0.0/16.
   */
  it('the NIST quick start template: two shadowed outbound rules and two NACLs that break Path MTU discovery, nothing else', () => {
    const findings = lint({
      vpcs: [vpc('vpc-prod', '10.100.0.0/16')],
      subnets: [
        subnet('subnet-dmz-a', '10.100.10.0/24', 'vpc-prod'),
        subnet('subnet-dmz-b', '10.100.20.0/24', 'vpc-prod'),
        subnet('subnet-app-a', '10.100.96.0/21', 'vpc-prod'),
        subnet('subnet-app-b', '10.100.112.0/21', 'vpc-prod'),
        subnet('subnet-db-a', '10.100.192.0/21', 'vpc-prod'),
        subnet('subnet-db-b', '10.100.208.0/21', 'vpc-prod'),
      ],
      nacls: [
        nacl('acl-public', {
          vpcId: 'vpc-prod',
          subnetIds: ['subnet-dmz-a', 'subnet-dmz-b'],
          inbound: [
            { n: 100, proto: 6, ports: 443, cidr: '0.0.0.0/0' }, // rNACLRuleAllowHTTPSPublic
            { n: 140, proto: 6, ports: [1024, 65535], cidr: '0.0.0.0/0' }, // rNACLRuleAllowAllReturnTCP
            { n: 200, proto: 6, ports: 80, cidr: '10.100.0.0/16' }, // rNACLRuleAllowHTTPfromProd
            { n: 210, proto: 6, ports: 22, cidr: '0.0.0.0/0' }, // rNACLRuleAllowBastionSSHAccess
          ],
          outbound: [
            { n: 100, proto: 6, ports: [1, 65535], cidr: '0.0.0.0/0' }, // rNACLRuleAllowALLEgressPublic
            { n: 140, proto: 6, ports: [1024, 65535], cidr: '0.0.0.0/0' }, // rNACLRuleAllowEgressReturnTCP
          ],
        }),
        nacl('acl-private', {
          vpcId: 'vpc-prod',
          subnetIds: ['subnet-app-a', 'subnet-app-b', 'subnet-db-a', 'subnet-db-b'],
          inbound: [
            { n: 120, proto: 6, ports: [1, 65535], cidr: '10.100.0.0/16' }, // rNACLRuleAllowAllTCPInternal
            { n: 125, proto: 6, ports: 22, cidr: '10.200.0.0/16' }, // rNACLRuleAllowMgmtAccessSSHtoPrivate
            { n: 140, proto: 6, ports: [1024, 65535], cidr: '0.0.0.0/0' }, // rNACLRuleAllowReturnTCPPriv
          ],
          outbound: [
            { n: 100, proto: 6, ports: [1, 65535], cidr: '0.0.0.0/0' }, // rNACLRuleAllowAllTCPInternalEgress
            { n: 120, proto: 6, ports: [1, 65535], cidr: '0.0.0.0/0' }, // rNACLRuleAllowALLfromPrivEgress
          ],
        }),
      ],
    });
    expect(findings.map((f) => [f.ruleId, f.resource.id, f.key])).toEqual([
      ['nacl-rule-shadowed', 'acl-private', 'outbound:120'],
      ['pmtud-blocked', 'acl-private', 'nacl:inbound:ipv4'],
      ['nacl-rule-shadowed', 'acl-public', 'outbound:140'],
      ['pmtud-blocked', 'acl-public', 'nacl:inbound:ipv4'],
    ]);
  });
});
