import { quotaExceeded } from '../../../src/lint/rules/quota-exceeded.js';
import type { RuleSpec, SgRuleSpec } from '../../helpers/model.js';
import { eni, nacl, prefixList, sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

/** `count` inbound allows for single /32 sources, numbered 100, 110, … */
const naclRules = (count: number, family: 4 | 6 = 4): RuleSpec[] =>
  Array.from({ length: count }, (_, i) => ({ n: 100 + i * 10, proto: 'tcp', ports: 443, cidr: family === 4 ? `198.51.100.${i}/32` : `2001:db8::${(i + 1).toString(16)}/128` }));
/** `count` rules from distinct /32s (or /128s). */
const sgRules = (count: number, family: 4 | 6 = 4): SgRuleSpec[] =>
  Array.from({ length: count }, (_, i) => ({ proto: 'tcp', ports: 443, cidr: family === 4 ? `10.${Math.floor(i / 250)}.${i % 250}.1/32` : `2001:db8::${(i + 1).toString(16)}/128` }));
const groups = (n: number) => Array.from({ length: n }, (_, i) => sg(`sg-${i + 1}`, { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/8' }] }));

ruleTester(quotaExceeded, {
  valid: [
    { name: '19 IPv4 rules plus the default deny is exactly the 20 allowed', snapshot: { nacls: [nacl('acl-1', { inbound: naclRules(19) })] } },
    {
      name: 'the NACL quota is per address family: 19 IPv4 and 19 IPv6 rules in one direction',
      snapshot: { nacls: [nacl('acl-1', { ipv6: true, inbound: [...naclRules(19), ...naclRules(19, 6).map((r) => ({ ...r, n: r.n + 5 }))] })] },
    },
    { name: 'a Terraform-style list without the default deny still counts it: 19 rules', snapshot: { nacls: [nacl('acl-1', { noDefaultDeny: true, inbound: naclRules(19) })] } },
    { name: '60 inbound IPv4 and 60 inbound IPv6 rules fit one group', snapshot: { securityGroups: [sg('sg-1', { ingress: [...sgRules(60), ...sgRules(60, 6)] })] } },
    { name: 'five groups on one interface is the default quota', snapshot: { securityGroups: groups(5), enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5'])] } },
  ],
  invalid: [
    {
      name: '20 IPv4 rules plus the default deny exceed the default 20 per direction',
      snapshot: { nacls: [nacl('acl-1', { inbound: naclRules(20) })] },
      findings: [{ resourceId: 'acl-1', key: 'inbound:ipv4', message: /has 21 inbound IPv4 rules, counting the default deny \(32767\).*up to 40/, details: { count: 21 } }],
    },
    {
      name: '40 IPv6 outbound rules plus 32768 exceed even the maximum of 40',
      snapshot: { nacls: [nacl('acl-1', { ipv6: true, outbound: naclRules(40, 6) })] },
      findings: [{ resourceId: 'acl-1', key: 'outbound:ipv6', message: 'AWS rejects this list whatever the account\'s quota', details: { count: 41, family: 6 } }],
    },
    {
      name: '61 inbound IPv4 rules in one group',
      snapshot: { securityGroups: [sg('sg-1', { ingress: sgRules(61) })] },
      findings: [{ resourceId: 'sg-1', key: 'ingress:ipv4', message: /has 61 inbound IPv4 rules.*default.*200 rules with the default 5 groups/, details: { count: 61 } }],
    },
    {
      name: 'a prefix list counts as its MaxEntries: 50 rules and a 20-entry list are 70',
      snapshot: { prefixLists: [{ ...prefixList('pl-0offices'), maxEntries: 20, family: 4 }], securityGroups: [sg('sg-1', { ingress: [...sgRules(50), { proto: 'tcp', ports: 22, prefixList: 'pl-0offices' }] })] },
      findings: [{ resourceId: 'sg-1', key: 'ingress:ipv4', details: { count: 70 } }],
    },
    {
      name: 'group references count once in each family: 55 IPv6 rules and 6 references are 61 IPv6 rules',
      snapshot: { securityGroups: [sg('sg-1', { ingress: [...sgRules(55, 6), ...Array.from({ length: 6 }, (_, i) => ({ proto: 'tcp', ports: 443, group: `sg-peer${i}` }))] })] },
      findings: [{ resourceId: 'sg-1', key: 'ingress:ipv6', details: { count: 61 } }],
    },
    {
      name: 'six groups on one interface exceed the default five',
      snapshot: { securityGroups: groups(6), enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'])] },
      findings: [{ resourceId: 'eni-1', key: 'groups-per-eni', message: /carries 6 security groups.*up to 16/ }],
    },
    {
      name: 'six groups with a 200-rule group on one interface: 6 × 200 exceeds the 1,000 product',
      snapshot: {
        securityGroups: [...groups(5), sg('sg-6', { ingress: sgRules(200) })],
        enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'])],
      },
      findings: [
        { resourceId: 'sg-6', key: 'ingress:ipv4' },
        { resourceId: 'eni-1', key: 'groups-per-eni' },
        { resourceId: 'eni-1', key: 'groups-times-rules', message: /\(6 × 200 = 1200\), so no quota increase/, details: { product: 1200, largestGroupId: 'sg-6' } },
      ],
    },
  ],
});
