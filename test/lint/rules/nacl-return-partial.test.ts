import { naclReturnPartial } from '../../../src/lint/rules/nacl-return-partial.js';
import { eni, instance, nacl, sg, subnet, vpc } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const net = { vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets: [subnet('subnet-public', '10.0.0.0/24'), subnet('subnet-app', '10.0.2.0/24')] };
const linux = { choice: { range: [32768, 60999] as const, profile: 'linux', reason: 'given: profile linux' } };

ruleTester(naclReturnPartial, {
  valid: [
    {
      name: 'a return rule covering 1024-65535 serves every client',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-public'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      name: 'no return rule at all is nacl-return-missing’s finding, not a partial one',
      snapshot: { ...net, nacls: [nacl('acl-web', { subnetIds: ['subnet-public'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'Linux instances pick 32768-60999: a 32768-65535 inbound return rule covers them',
      snapshot: {
        ...net,
        nacls: [nacl('acl-app', { subnetIds: ['subnet-app'], inbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
        securityGroups: [sg('sg-app')],
        enis: [eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app'], { instanceId: 'i-app' })],
        instances: [instance('i-app', ['eni-app'], { platformDetails: 'Linux/UNIX' })],
      },
    },
    {
      name: 'a client range given in the configuration replaces the any-client assumption',
      settings: { clientPortsFor: () => linux.choice },
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-public'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: [32768, 60999], cidr: '0.0.0.0/0' }] })],
      },
    },
  ],
  invalid: [
    {
      name: 'a NAT gateway picks source ports from 1024-65535: a 32768-65535 return rule loses about half of its connections',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-public', {
            subnetIds: ['subnet-public'],
            inbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: 443, cidr: '10.0.0.0/16' }],
            outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.0.0/16' }],
          }),
        ],
        securityGroups: [sg('sg-web')],
        enis: [
          eni('eni-nat', 'subnet-public', '10.0.0.5', [], { interfaceType: 'nat_gateway', requesterManaged: true }),
          eni('eni-web', 'subnet-public', '10.0.0.10', ['sg-web'], { instanceId: 'i-web' }),
        ],
        instances: [instance('i-web', ['eni-web'], { platformDetails: 'Linux/UNIX' })],
      },
      findings: [
        {
          resourceId: 'acl-public',
          key: 'outbound:100:0.0.0.0/0',
          message: /acl-public allows outbound tcp 443 to 0\.0\.0\.0\/0 \(rule #100\) but denies inbound replies from 0\.0\.0\.0\/0 on client ports 1024-32767 .*part of the client range 1024-65535 \(eni-nat is a NAT gateway interface .*\): about 49\.2% of connections fail/,
          details: { missing: '1024-32767', clientRange: [1024, 65535], clientProfile: 'nat-gateway', deniedRanges: [[1024, 32767]], failingShare: 0.492063 },
          fix: 'allow tcp 1024-32767 ← 0.0.0.0/0',
        },
      ],
    },
    {
      name: 'unknown internet clients: a Windows-only 49152-65535 outbound return rule fails three connections in four',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-public'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: [49152, 65535], cidr: '0.0.0.0/0' }] })],
      },
      findings: [{ resourceId: 'acl-web', message: /client ports 1024-49151 .*AWS's advice for unknown clients\): about 74\.6% of connections fail/, details: { failingShare: 0.746032 } }],
    },
    {
      name: 'a load balancer in the peer subnet connects from 1024-65535: the app NACL answering it only on 32768-65535 drops half the health checks and requests',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-app', {
            subnetIds: ['subnet-app'],
            inbound: [{ n: 100, proto: 'tcp', ports: 8080, cidr: '10.0.0.0/24' }],
            outbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '10.0.0.0/24' }],
          }),
        ],
        securityGroups: [sg('sg-alb', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] }), sg('sg-app', { ingress: [{ proto: 'tcp', ports: 8080, group: 'sg-alb' }] })],
        enis: [
          eni('eni-alb', 'subnet-public', '10.0.0.20', ['sg-alb'], { description: 'ELB app/web/50dc6c495c0c9188', requesterManaged: true }),
          eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app']),
        ],
      },
      findings: [{ resourceId: 'acl-app', message: /denies outbound replies to 10\.0\.0\.20\/32 on client ports 1024-32767 .*eni-alb is a load balancer interface/, details: { clientProfile: 'elb' } }],
    },
  ],
});
