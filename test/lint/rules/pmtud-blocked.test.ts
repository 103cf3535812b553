import { pmtudBlocked } from '../../../src/lint/rules/pmtud-blocked.js';
import { ALLOW_ALL, eni, nacl, prefixList, sg, subnet, vpc } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const net = { vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets: [subnet('subnet-web', '10.0.1.0/24'), subnet('subnet-db', '10.0.3.0/24')] };
const web = { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' };
const ret = { n: 140, proto: 'tcp', ports: [1024, 65535] as [number, number], cidr: '0.0.0.0/0' };
const fragNeeded = { n: 150, proto: 'icmp', icmp: [3, 4] as [number, number], cidr: '0.0.0.0/0' };

ruleTester(pmtudBlocked, {
  valid: [
    {
      name: 'a web NACL that lets ICMP type 3 code 4 in from everywhere',
      snapshot: { ...net, nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [web, ret, fragNeeded] })] },
    },
    {
      name: 'the default NACL’s allow-all (-1) covers ICMP',
      snapshot: { ...net, nacls: [nacl('acl-default', { isDefault: true, inbound: ALLOW_ALL, outbound: ALLOW_ALL })] },
    },
    {
      name: 'TCP only from inside the VPC: the MTU does not change there, so no router sends "fragmentation needed"',
      snapshot: { ...net, nacls: [nacl('acl-db', { subnetIds: ['subnet-db'], inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.2.0/24' }] })] },
    },
    {
      name: 'an internet-facing interface whose group admits ICMP type 3 code 4 from 0.0.0.0/0',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
    {
      name: 'a second group on the interface admitting every ICMP type counts',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] }), sg('sg-icmp', { ingress: [{ proto: 'icmp', cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web', 'sg-icmp'])],
      },
    },
    {
      name: 'an interface admitting traffic only from the VPC is not internet-facing',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '10.0.0.0/16' }] })],
        enis: [eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])],
      },
    },
    {
      name: 'ICMP admitted through a prefix list whose entries the snapshot lacks is unknown, not reported',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'icmp', icmp: [3, 4], prefixList: 'pl-1' }] })],
        prefixLists: [prefixList('pl-1')],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
  ],
  invalid: [
    {
      // cfn-lint test/fixtures/templates/quickstart/nist_vpc_production.yaml, rNACLPublic inbound entries (no ICMP rule).
      name: 'a public NACL allowing HTTPS, SSH and TCP returns from the internet but no ICMP (NIST quick start)',
      snapshot: {
        vpcs: [vpc('vpc-prod', '10.100.0.0/16')],
        nacls: [
          nacl('acl-public', {
            vpcId: 'vpc-prod',
            inbound: [
              { n: 100, proto: 6, ports: 443, cidr: '0.0.0.0/0' },
              { n: 140, proto: 6, ports: [1024, 65535], cidr: '0.0.0.0/0' },
              { n: 200, proto: 6, ports: 80, cidr: '10.100.0.0/16' },
              { n: 210, proto: 6, ports: 22, cidr: '0.0.0.0/0' },
            ],
          }),
        ],
      },
      findings: [
        {
          resourceId: 'acl-public',
          key: 'nacl:inbound:ipv4',
          message: /^acl-public lets TCP in from 0\.0\.0\.0\/0 except 10\.100\.0\.0\/16 \(rule #100 .*, rule #140 .*, rule #210 .*\) but denies ICMP type 3 code 4 \(fragmentation needed\) from there \(rule #32767 \(the default deny\)\): Path MTU discovery breaks/,
          fix: /^Add rule #\d+ to acl-public inbound: allow icmp type 3 code 4 from 0\.0\.0\.0\/0\.$/,
        },
      ],
    },
    {
      name: 'an explicit ICMP deny numbered before the ICMP allow: the fix goes before the deny',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 90, action: 'deny', proto: 'icmp', cidr: '0.0.0.0/0' }, web, ret, fragNeeded] })],
      },
      findings: [{ resourceId: 'acl-web', message: 'rule #90 (deny all icmp from 0.0.0.0/0)', fix: 'Add rule #10 to acl-web inbound: allow icmp type 3 code 4 from 0.0.0.0/0.' }],
    },
    {
      name: 'IPv6: an "icmp" (protocol 1) rule from ::/0 never matches ICMPv6 packet-too-big',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], ipv6: true, inbound: [web, ret, fragNeeded, { n: 101, proto: 'tcp', ports: 443, cidr: '::/0' }, { n: 151, proto: 'icmp', icmp: [2, 0], cidr: '::/0' }] })],
      },
      findings: [{ resourceId: 'acl-web', key: 'nacl:inbound:ipv6', message: 'denies ICMPv6 type 2 (packet too big)', fix: 'allow icmpv6 type 2 code 0 from ::/0' }],
    },
    {
      name: 'an internet-facing web server whose group never admits ICMP type 3 code 4',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
      findings: [
        {
          resourceId: 'sg-web',
          key: 'ingress:ipv4',
          message: /^Security group sg-web admits tcp 443 from 0\.0\.0\.0\/0, which opens interface eni-web to the internet, but none of its groups admits ICMP type 3 code 4/,
          fix: 'Add an ingress rule to sg-web: allow icmp type 3 code 4 from 0.0.0.0/0.',
        },
      ],
    },
    {
      name: 'admitting "fragmentation needed" only from the VPC does not help clients on the internet',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'icmp', icmp: [3, 4], cidr: '10.0.0.0/16' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
      findings: [{ resourceId: 'sg-web', key: 'ingress:ipv4' }],
    },
    {
      name: 'an IPv6 internet-facing interface needs ICMPv6 type 2, not ICMP type 3 code 4',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '::/0' }, { proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', ['10.0.1.10', '2001:db8:1::10'], ['sg-web'])],
      },
      findings: [{ resourceId: 'sg-web', key: 'ingress:ipv6', fix: 'allow icmpv6 type 2 code 0 from ::/0' }],
    },
    {
      name: 'interfaces that share the group to fix are one finding on that group, listing them',
      snapshot: {
        ...net,
        securityGroups: [
          sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] }),
          sg('sg-app', { ingress: [{ proto: 'tcp', ports: 8080, cidr: '10.0.0.0/16' }] }),
          sg('sg-icmp', { ingress: [{ proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }] }),
        ],
        enis: [
          eni('eni-web-1', 'subnet-web', '10.0.1.10', ['sg-web']),
          eni('eni-web-2', 'subnet-web', '10.0.1.11', ['sg-web', 'sg-app']),
          eni('eni-web-3', 'subnet-web', '10.0.1.12', ['sg-app', 'sg-web']),
          eni('eni-web-4', 'subnet-web', '10.0.1.13', ['sg-web']),
          // Its other group admits the message: not exposed.
          eni('eni-web-ok', 'subnet-web', '10.0.1.14', ['sg-web', 'sg-icmp']),
        ],
      },
      findings: [
        {
          resourceId: 'sg-web',
          key: 'ingress:ipv4',
          message: /^Security group sg-web admits tcp 443 from 0\.0\.0\.0\/0, which opens 4 interfaces \(eni-web-1, eni-web-2, eni-web-3 and 1 more\) to the internet, but none of their groups admits ICMP type 3 code 4/,
          fix: 'Add an ingress rule to sg-web: allow icmp type 3 code 4 from 0.0.0.0/0.',
        },
      ],
    },
    {
      name: 'an interface facing the internet through two groups is reported on the first, whose rule fixes it',
      snapshot: {
        ...net,
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] }), sg('sg-ssh', { ingress: [{ proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-ssh', 'sg-web'])],
      },
      findings: [{ resourceId: 'sg-ssh', key: 'ingress:ipv4', message: /^Security group sg-ssh admits tcp 22 from 0\.0\.0\.0\/0, which opens interface eni-web/, fix: 'Add an ingress rule to sg-ssh' }],
    },
  ],
});
