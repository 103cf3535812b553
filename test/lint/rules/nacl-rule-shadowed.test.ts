import { naclRuleShadowed } from '../../../src/lint/rules/nacl-rule-shadowed.js';
import { ALLOW_ALL, nacl } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(naclRuleShadowed, {
  valid: [
    {
      name: 'AWS’s default deny (32767, 32768) is never reported, even behind an allow-all',
      snapshot: { nacls: [nacl('acl-default', { isDefault: true, ipv6: true, inbound: [...ALLOW_ALL, { n: 101, cidr: '::/0' }], outbound: [...ALLOW_ALL, { n: 101, cidr: '::/0' }] })] },
    },
    {
      // cfn_nag spec/test_templates/yaml/ec2_networkaclentry/ec2_networkaclentry_port_overlaps.yml (myNetworkAclEntry, 2, 3)
      name: 'a deny from 0.0.0.0/0 after a narrower allow from the VPC still decides traffic from outside the VPC (cfn_nag port_overlaps)',
      snapshot: {
        nacls: [
          nacl('acl-cfn-nag', {
            inbound: [
              { n: 100, proto: 6, ports: [400, 500], cidr: '10.0.0.0/16' },
              { n: 200, action: 'deny', proto: 6, ports: [450, 475], cidr: '0.0.0.0/0' },
              { n: 300, action: 'deny', proto: 6, ports: 200, cidr: '0.0.0.0/0' },
            ],
          }),
        ],
      },
    },
    {
      name: 'an IPv6 rule is never shadowed by IPv4 rules: the families never mix',
      snapshot: { nacls: [nacl('acl-web', { ipv6: true, inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 101, proto: 'tcp', ports: 443, cidr: '::/0' }] })] },
    },
    {
      name: 'an allow-all after TCP and UDP allows still decides ICMP and every other protocol',
      snapshot: {
        nacls: [nacl('acl-web', { inbound: [{ n: 100, proto: 'tcp', cidr: '0.0.0.0/0' }, { n: 110, proto: 'udp', cidr: '0.0.0.0/0' }, { n: 120, cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      name: 'a broader rule after a narrower one is not shadowed',
      snapshot: { nacls: [nacl('acl-web', { outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '10.0.0.0/16' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'a rule decided entirely the other way is nacl-rule-overridden’s finding, not a shadow',
      snapshot: { nacls: [nacl('acl-web', { inbound: [{ n: 100, proto: 'tcp', cidr: '0.0.0.0/0' }, { n: 200, action: 'deny', proto: 'tcp', ports: 22, cidr: '198.51.100.0/24' }] })] },
    },
  ],
  invalid: [
    {
      // cfn-lint test/fixtures/templates/quickstart/nist_vpc_production.yaml: rNACLRuleAllowALLEgressPublic (100) and
      // rNACLRuleAllowEgressReturnTCP (140) on rNACLPublic.
      name: 'an outbound 1024-65535 return rule after an allow of TCP 1-65535 to the same CIDR never matches (NIST quick start)',
      snapshot: {
        nacls: [
          nacl('acl-public', {
            outbound: [
              { n: 100, proto: 6, ports: [1, 65535], cidr: '0.0.0.0/0' },
              { n: 140, proto: 6, ports: [1024, 65535], cidr: '0.0.0.0/0' },
            ],
          }),
        ],
      },
      findings: [
        {
          resourceId: 'acl-public',
          key: 'outbound:140',
          message: 'acl-public outbound rule #140 (allow tcp 1024-65535 to 0.0.0.0/0) can never match: rule #100 (allow tcp 1-65535 to 0.0.0.0/0) decides all of its traffic first.',
          details: { shadowedBy: [100], partlyOpposite: false },
          fix: 'Delete rule #140 from acl-public outbound',
        },
      ],
    },
    {
      name: 'two earlier rules can cover a later one together',
      snapshot: {
        nacls: [
          nacl('acl-app', {
            inbound: [
              { n: 100, proto: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' },
              { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' },
              { n: 120, proto: 'tcp', ports: [1000, 2000], cidr: '10.0.0.0/8' },
            ],
          }),
        ],
      },
      findings: [{ resourceId: 'acl-app', key: 'inbound:120', details: { shadowedBy: [100, 110] } }],
    },
    {
      name: 'covered partly by an allow and partly by a deny: shadowed, and the message says part goes the other way',
      snapshot: {
        nacls: [
          nacl('acl-app', {
            inbound: [
              { n: 100, proto: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' },
              { n: 110, action: 'deny', proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' },
              { n: 120, proto: 'tcp', ports: [1000, 2000], cidr: '10.0.0.0/8' },
            ],
          }),
        ],
      },
      findings: [{ resourceId: 'acl-app', key: 'inbound:120', message: 'partly the other way (deny)', details: { partlyOpposite: true } }],
    },
    {
      name: 'an allow-all after an earlier allow-all for the same CIDR is shadowed for every protocol',
      snapshot: { nacls: [nacl('acl-open', { inbound: [{ n: 100, cidr: '0.0.0.0/0' }, { n: 200, cidr: '10.0.0.0/8' }] })] },
      findings: [{ resourceId: 'acl-open', key: 'inbound:200', message: 'rule #200 (allow all traffic from 10.0.0.0/8) can never match' }],
    },
    {
      name: 'an ICMP rule after an allow of every ICMP type is shadowed',
      snapshot: { nacls: [nacl('acl-web', { inbound: [{ n: 100, proto: 'icmp', cidr: '0.0.0.0/0' }, { n: 110, proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-web', key: 'inbound:110', message: 'rule #110 (allow icmp type 3 code 4 from 0.0.0.0/0) can never match: rule #100 (allow all icmp from 0.0.0.0/0)' }],
    },
  ],
});
