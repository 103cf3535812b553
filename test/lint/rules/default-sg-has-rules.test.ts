import { defaultSgHasRules } from '../../../src/lint/rules/default-sg-has-rules.js';
import { eni, sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(defaultSgHasRules, {
  valid: [
    { name: 'a default group emptied of every rule (the CIS recommendation)', snapshot: { securityGroups: [sg('sg-0def', { name: 'default', egress: [] })] } },
    { name: 'a purpose-built group may carry rules', snapshot: { securityGroups: [sg('sg-web', { name: 'web', ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] } },
    { name: 'a group merely named like the default is not it', snapshot: { securityGroups: [sg('sg-1', { name: 'default-web', ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] } },
  ],
  invalid: [
    {
      name: "AWS's own defaults (all from itself, all out) are still rules on the default group",
      snapshot: { securityGroups: [sg('sg-0def', { name: 'default', ingress: [{ group: 'sg-0def' }], egress: [{ cidr: '0.0.0.0/0' }] })] },
      findings: [
        {
          resourceId: 'sg-0def',
          key: 'has-rules',
          message: /Default security group sg-0def of vpc-1 has 2 rules \(1 inbound, 1 outbound: inbound all traffic from sg-0def; outbound all traffic to 0\.0\.0\.0\/0\): resources launched without a group land in it/,
          details: { inbound: 1, outbound: 1 },
        },
      ],
    },
    {
      name: 'a default group still used by an interface says which, so it can be moved first',
      snapshot: { enis: [eni('eni-legacy', 'subnet-a', '10.0.1.10', ['sg-0def'])], securityGroups: [sg('sg-0def', { name: 'default', ingress: [{ proto: 'tcp', ports: 22, cidr: '10.0.0.0/16' }], egress: [] })] },
      findings: [{ resourceId: 'sg-0def', message: 'attached to 1 interface (eni-legacy)', fix: 'Revoke every rule of sg-0def (1 in all)' }],
    },
  ],
});
