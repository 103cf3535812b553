import { sgRuleRedundant } from '../../../src/lint/rules/sg-rule-redundant.js';
import { eni, sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(sgRuleRedundant, {
  valid: [
    {
      name: 'rules on different ports do not cover each other',
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'overlapping but not nested CIDRs and ranges are both needed',
      snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: [8000, 8100], cidr: '10.0.0.0/16' }, { proto: 'tcp', ports: [8050, 8200], cidr: '10.0.1.0/24' }] })] },
    },
    {
      name: 'tcp does not cover udp on the same port (DNS)',
      snapshot: { securityGroups: [sg('sg-dns', { ingress: [{ proto: 'tcp', ports: 53, cidr: '10.0.0.0/16' }, { proto: 'udp', ports: 53, cidr: '10.0.0.0/16' }] })] },
    },
    {
      name: '0.0.0.0/0 does not cover ::/0, nor a group reference (which also matches IPv6 members)',
      snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 443, cidr: '::/0' }, { proto: 'tcp', ports: 443, group: 'sg-lb' }] })] },
    },
    {
      name: 'inbound and outbound rules are never compared',
      snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/16' }], egress: [{ cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'a broader rule in another group does not count when some interface carries this group alone',
      snapshot: {
        enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-app', 'sg-base']), eni('eni-2', 'subnet-a', '10.0.1.11', ['sg-app'])],
        securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.5.0/24' }], egress: [] }), sg('sg-base', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/8' }], egress: [] })],
      },
    },
    {
      name: 'a group on no interface is only compared with itself',
      snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.5.0/24' }], egress: [] }), sg('sg-base', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/8' }], egress: [] })] },
    },
  ],
  invalid: [
    {
      name: 'SSH from one subnet is already allowed by all TCP from the VPC',
      snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: [0, 65535], cidr: '10.0.0.0/16', description: 'VPC' }, { proto: 'tcp', ports: 22, cidr: '10.0.1.0/24' }], egress: [] })] },
      findings: [{ resourceId: 'sg-app', key: 'ingress:tcp:22:10.0.1.0/24', message: /inbound rule \(tcp 22 from 10\.0\.1\.0\/24\) is fully covered by inbound tcp all ports from 10\.0\.0\.0\/16 \("VPC"\) of the same group/, details: { coveringGroupId: 'sg-app', identical: false } }],
    },
    {
      name: 'of two identical rules only the later one is reported',
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], egress: [] })] },
      findings: [{ resourceId: 'sg-web', key: 'ingress:tcp:443:0.0.0.0/0', message: 'is a duplicate of', details: { identical: true } }],
    },
    {
      name: 'all traffic from the group itself covers PostgreSQL from the group itself',
      snapshot: { securityGroups: [sg('sg-db', { ingress: [{ group: 'sg-db' }, { proto: 'tcp', ports: 5432, group: 'sg-db' }], egress: [] })] },
      findings: [{ resourceId: 'sg-db', key: 'ingress:tcp:5432:sg-db' }],
    },
    {
      name: 'outbound HTTPS to the world is covered by the default allow-all egress',
      snapshot: { securityGroups: [sg('sg-app', { egress: [{ cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-app', key: 'egress:tcp:443:0.0.0.0/0', fix: 'Revoke the redundant outbound rule tcp 443 to 0.0.0.0/0' }],
    },
    {
      name: 'a rule covered by a group that every interface carrying this one also carries',
      snapshot: {
        enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-app', 'sg-base']), eni('eni-2', 'subnet-a', '10.0.1.11', ['sg-base', 'sg-app'])],
        securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.5.0/24' }], egress: [] }), sg('sg-base', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/8' }], egress: [] })],
      },
      findings: [{ resourceId: 'sg-app', message: /of sg-base, which every interface carrying sg-app also carries \(eni-1, eni-2\)/, details: { coveringGroupId: 'sg-base' } }],
    },
    {
      name: 'identical rules in two groups always attached together: only one is reported',
      snapshot: {
        enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-a', 'sg-b'])],
        securityGroups: [sg('sg-a', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/8' }], egress: [] }), sg('sg-b', { ingress: [{ proto: 'tcp', ports: 443, cidr: '10.0.0.0/8' }], egress: [] })],
      },
      findings: [{ resourceId: 'sg-b', details: { coveringGroupId: 'sg-a', identical: true } }],
    },
  ],
});
