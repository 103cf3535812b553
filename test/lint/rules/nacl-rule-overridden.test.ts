import { naclRuleOverridden } from '../../../src/lint/rules/nacl-rule-overridden.js';
import { ALLOW_ALL, nacl } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(naclRuleOverridden, {
  valid: [
    {
      name: 'a deny numbered before the broader allow takes effect',
      snapshot: { nacls: [nacl('acl-web', { inbound: [{ n: 90, action: 'deny', proto: 'tcp', ports: 22, cidr: '198.51.100.0/24' }, { n: 100, proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'AWS’s default deny behind an allow-all is never reported',
      snapshot: { nacls: [nacl('acl-default', { isDefault: true, ipv6: true, inbound: [...ALLOW_ALL, { n: 101, cidr: '::/0' }], outbound: ALLOW_ALL })] },
    },
    {
      name: 'a deny after an allow that covers only part of it still denies the rest',
      snapshot: { nacls: [nacl('acl-web', { inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 200, action: 'deny', proto: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'a rule covered by an earlier rule with the same action is only shadowed (nacl-rule-shadowed)',
      snapshot: { nacls: [nacl('acl-web', { inbound: [{ n: 100, proto: 'tcp', cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'covered partly the same way and partly the other way is a shadow, not an override',
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
    },
  ],
  invalid: [
    {
      name: 'a deny after a broader allow blocks nothing: the blocklist entry people believe in is not there',
      snapshot: { nacls: [nacl('acl-web', { inbound: [{ n: 100, proto: 'tcp', cidr: '0.0.0.0/0' }, { n: 200, action: 'deny', proto: 'tcp', ports: 22, cidr: '198.51.100.0/24' }] })] },
      findings: [
        {
          resourceId: 'acl-web',
          key: 'inbound:200',
          message:
            'acl-web inbound rule #200 (deny tcp 22 from 198.51.100.0/24) never takes effect: rule #100 (allow tcp all ports from 0.0.0.0/0) decides all of its traffic first, the other way, so the deny blocks nothing. Re-create it as rule #10 (before #100) and delete #200.',
          details: { overriddenBy: [100], suggestedNumber: 10 },
          fix: 'Re-create it as rule #10',
        },
      ],
    },
    {
      name: 'an allow after a broader deny lets nothing through',
      snapshot: { nacls: [nacl('acl-web', { outbound: [{ n: 50, action: 'deny', cidr: '0.0.0.0/0' }, { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-web', key: 'outbound:100', message: 'so the allow lets nothing through' }],
    },
    {
      name: 'the new number goes after earlier rules that overlap the moved rule, so their decisions stay',
      snapshot: {
        nacls: [
          nacl('acl-web', {
            inbound: [
              { n: 10, proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' },
              { n: 20, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
              { n: 30, proto: 'tcp', cidr: '0.0.0.0/0' },
              { n: 40, action: 'deny', proto: 'tcp', ports: 22, cidr: '198.51.100.0/24' },
            ],
          }),
        ],
      },
      findings: [{ resourceId: 'acl-web', key: 'inbound:40', details: { overriddenBy: [30], suggestedNumber: 21 } }],
    },
    {
      name: 'an IPv6 deny after an IPv6 allow-all is overridden',
      snapshot: { nacls: [nacl('acl-v6', { ipv6: true, inbound: [{ n: 101, cidr: '::/0' }, { n: 150, action: 'deny', proto: 'tcp', ports: 3389, cidr: '2001:db8::/32' }] })] },
      findings: [{ resourceId: 'acl-v6', key: 'inbound:150', message: 'rule #101 (allow all traffic from ::/0)' }],
    },
  ],
});
