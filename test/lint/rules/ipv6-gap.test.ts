import { ipv6Gap } from '../../../src/lint/rules/ipv6-gap.js';
import { eni, nacl, sg, subnet, vpc } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const dualStack = subnet('subnet-web', ['10.0.1.0/24', '2001:db8:0:1::/64']);
const ipv4Only = subnet('subnet-app', '10.0.2.0/24');
const webEni = eni('eni-web', 'subnet-web', ['10.0.1.10', '2001:db8:0:1::10'], ['sg-web']);
const bothEgress = [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }];

ruleTester(ipv6Gap, {
  valid: [
    {
      name: 'a NACL with 443 allowed from 0.0.0.0/0 and from ::/0 on a dual-stack subnet',
      snapshot: {
        subnets: [dualStack],
        nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 101, proto: 'tcp', ports: 443, cidr: '::/0' }] })],
      },
    },
    {
      name: 'an IPv4-only subnet needs no IPv6 twins',
      snapshot: { subnets: [ipv4Only], nacls: [nacl('acl-app', { subnetIds: ['subnet-app'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: "the default NACL's 100 and 101 allow-all pair, on the subnets that use it implicitly",
      snapshot: {
        subnets: [dualStack],
        nacls: [nacl('acl-default', { isDefault: true, ipv6: true, inbound: [{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }], outbound: [{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }] })],
      },
    },
    {
      name: 'twins are compared by effect, not spelling: two IPv4 ranges against one IPv6 range',
      snapshot: {
        subnets: [dualStack],
        nacls: [
          nacl('acl-web', {
            ipv6: true,
            subnetIds: ['subnet-web'],
            outbound: [{ n: 100, proto: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }, { n: 120, proto: 'tcp', ports: [0, 65535], cidr: '::/0' }],
          }),
        ],
      },
    },
    {
      name: 'narrower CIDRs are never paired (10.0.0.0/16 has no IPv6 equivalent)',
      snapshot: { subnets: [dualStack], nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.0.0/16' }] })] },
    },
    {
      name: 'ICMP and ICMPv6 rules are not paired (different type numbers)',
      snapshot: { subnets: [dualStack], nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'world-open SSH without an IPv6 twin is nacl-world-open-admin\'s error, never advice to open IPv6 too',
      snapshot: { subnets: [dualStack], nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'a group on a dual-stack interface with 443 from both worlds and egress to both',
      snapshot: { subnets: [dualStack], enis: [webEni], securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 443, cidr: '::/0' }], egress: bothEgress })] },
    },
    {
      name: 'the IPv6 counterpart may live in another group every interface also carries',
      snapshot: {
        subnets: [dualStack],
        enis: [eni('eni-web', 'subnet-web', ['10.0.1.10', '2001:db8:0:1::10'], ['sg-web', 'sg-web-v6'])],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], egress: bothEgress }), sg('sg-web-v6', { ingress: [{ proto: 'tcp', ports: [80, 443], cidr: '::/0' }], egress: bothEgress })],
      },
    },
    {
      name: 'a group whose interfaces are all IPv4-only, in a VPC that has IPv6 elsewhere',
      snapshot: {
        vpcs: [vpc('vpc-1', ['10.0.0.0/16', '2001:db8::/56'])],
        subnets: [dualStack, ipv4Only],
        enis: [eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app'])],
        securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 8443, cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      name: 'world-open SSH in a group is sg-world-open-admin\'s error',
      snapshot: { subnets: [dualStack], enis: [webEni], securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }], egress: bothEgress })] },
    },
  ],
  invalid: [
    {
      name: 'HTTPS allowed in from 0.0.0.0/0 but not from ::/0 on a dual-stack subnet',
      snapshot: { subnets: [dualStack], nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-web', key: 'inbound:100', message: /allows tcp 443 from 0\.0\.0\.0\/0, but nothing in the inbound list allows it from any IPv6 address.*subnet-web \(10\.0\.1\.0\/24, 2001:db8:0:1::\/64\).*as rule 101/, details: { missingFamily: 6 } }],
    },
    {
      name: 'the reverse: an IPv6 outbound rule without its IPv4 twin',
      snapshot: { subnets: [dualStack], nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '::/0' }] })] },
      findings: [{ resourceId: 'acl-web', key: 'outbound:100', message: 'to any IPv4 address', details: { missingFamily: 4 } }],
    },
    {
      name: 'a deny from 0.0.0.0/0 that IPv6 walks around through an allow-all from ::/0',
      snapshot: {
        subnets: [dualStack],
        nacls: [nacl('acl-web', { ipv6: true, subnetIds: ['subnet-web'], inbound: [{ n: 90, action: 'deny', proto: 'tcp', ports: 23, cidr: '0.0.0.0/0' }, { n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }] })],
      },
      findings: [{ resourceId: 'acl-web', key: 'inbound:90', message: /denies tcp 23 from 0\.0\.0\.0\/0, but rule 101 allows it from ::\/0.*numbered below 101/, details: { allowedBy: [101] } }],
    },
    {
      name: 'an allow-all from 0.0.0.0/0 without 101 on a subnet that gained IPv6',
      snapshot: { subnets: [dualStack], nacls: [nacl('acl-default', { isDefault: true, ipv6: true, inbound: [{ n: 100, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }] })] },
      findings: [{ resourceId: 'acl-default', key: 'inbound:100', message: 'tcp 0-65535, udp 0-65535' }],
    },
    {
      name: 'a group on a dual-stack interface serves HTTPS to IPv4 only',
      snapshot: { subnets: [dualStack], enis: [webEni], securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], egress: bothEgress })] },
      findings: [{ resourceId: 'sg-web', key: 'ingress:tcp:443:0.0.0.0/0', message: /no rule allows tcp 443 from ::\/0, while its interface eni-web uses both IPv4 and IPv6: IPv6 clients are refused/ }],
    },
    {
      name: "AWS's IPv4-only default egress in a dual-stack VPC (no interfaces known)",
      snapshot: { vpcs: [vpc('vpc-1', ['10.0.0.0/16', '2001:db8::/56'])], securityGroups: [sg('sg-new', { egress: [{ cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-new', key: 'egress:all:all:0.0.0.0/0', message: /no rule allows all traffic to ::\/0, while its VPC vpc-1 uses both IPv4 and IPv6: IPv6 connections are dropped/ }],
    },
    {
      name: 'a partial counterpart: 80-443 from 0.0.0.0/0 but only 443 from ::/0',
      snapshot: { subnets: [dualStack], enis: [webEni], securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: [80, 81], cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 81, cidr: '::/0' }], egress: bothEgress })] },
      findings: [{ resourceId: 'sg-web', message: 'no rule allows tcp 80 from ::/0' }],
    },
  ],
});
