import { sgRuleDead } from '../../../src/lint/rules/sg-rule-dead.js';
import { ALLOW_ALL, eni, nacl, prefixList, sg, subnet, vpc } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const net = { vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets: [subnet('subnet-web', '10.0.1.0/24'), subnet('subnet-app', '10.0.2.0/24'), subnet('subnet-db', '10.0.3.0/24')] };
const webNacl = nacl('acl-web', {
  subnetIds: ['subnet-web'],
  inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
  outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
});

ruleTester(sgRuleDead, {
  valid: [
    {
      name: 'a group attached to no interface is skipped (sg-unused’s business)',
      snapshot: { ...net, nacls: [webNacl], securityGroups: [sg('sg-idle', { ingress: [{ proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] })] },
    },
    {
      name: 'HTTPS from the world admitted by both the group and the NACL',
      snapshot: {
        ...net,
        nacls: [webNacl],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
    {
      name: 'traffic between members of one subnet never crosses its NACL: a self-reference stays alive',
      snapshot: {
        ...net,
        nacls: [nacl('acl-db', { subnetIds: ['subnet-db'], outbound: ALLOW_ALL })],
        securityGroups: [sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-db' }] })],
        enis: [eni('eni-db-1', 'subnet-db', '10.0.3.10', ['sg-db']), eni('eni-db-2', 'subnet-db', '10.0.3.11', ['sg-db'])],
      },
    },
    {
      name: 'alive on one interface is enough: the group is also used in a subnet whose NACL allows it',
      snapshot: {
        ...net,
        nacls: [webNacl, nacl('acl-app', { subnetIds: ['subnet-app'], inbound: ALLOW_ALL, outbound: ALLOW_ALL })],
        securityGroups: [sg('sg-ops', { ingress: [{ proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-ops']), eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-ops'])],
      },
    },
    {
      name: 'a prefix list whose entries the snapshot lacks cannot be judged',
      snapshot: {
        ...net,
        nacls: [webNacl],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 22, prefixList: 'pl-0123' }] })],
        prefixLists: [prefixList('pl-0123')],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
    {
      name: 'an interface whose subnet has no NACL in the snapshot is not judged dead',
      snapshot: {
        ...net,
        nacls: [],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
    {
      name: 'an IPv6 rule on interfaces without an IPv6 address is moot, not dead (the NACL is not what stops it)',
      snapshot: {
        ...net,
        nacls: [webNacl],
        securityGroups: [sg('sg-web', { egress: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
  ],
  invalid: [
    {
      name: 'SSH from the office admitted by the group, but the web NACL has no rule for port 22',
      snapshot: {
        ...net,
        nacls: [webNacl],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] })],
        enis: [eni('eni-web-1', 'subnet-web', '10.0.1.10', ['sg-web']), eni('eni-web-2', 'subnet-web', '10.0.1.11', ['sg-web'])],
      },
      findings: [
        {
          resourceId: 'sg-web',
          key: 'ingress:tcp 22:203.0.113.0/24',
          message:
            /^sg-web ingress rule \(tcp 22 from 203\.0\.113\.0\/24\) never carries traffic: the network ACL denies all of it for every interface carrying sg-web \(eni-web-1 in subnet-web, eni-web-2 in subnet-web\) — acl-web inbound \(rule #32767 \(the default deny\)\)\. The two layers disagree\./,
          details: { enis: ['eni-web-1', 'eni-web-2'], nacls: ['acl-web'], deniedBy: ['acl-web#32767'] },
        },
      ],
    },
    {
      name: 'the db group admits the app servers, but the db NACL only lets the web subnet in',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-app', { subnetIds: ['subnet-app'], inbound: ALLOW_ALL, outbound: ALLOW_ALL }),
          nacl('acl-db', { subnetIds: ['subnet-db'], inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }], outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.0.0/16' }] }),
        ],
        securityGroups: [sg('sg-app'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-app' }] })],
        enis: [eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app']), eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])],
      },
      findings: [{ resourceId: 'sg-db', key: 'ingress:tcp 5432:sg-app', message: 'acl-db inbound (rule #32767 (the default deny))' }],
    },
    {
      name: 'RDP from the world in a group whose NACL denies it explicitly: only traffic from inside the subnet gets through',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 50, action: 'deny', proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }, ...ALLOW_ALL], outbound: ALLOW_ALL })],
        securityGroups: [sg('sg-win', { ingress: [{ proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-win', 'subnet-web', '10.0.1.20', ['sg-win'])],
      },
      findings: [{ resourceId: 'sg-win', message: /rule #50 \(deny tcp 3389 from 0\.0\.0\.0\/0\)\); only traffic from inside the interface’s own subnet/ }],
    },
    {
      name: 'an egress rule for LDAPS to a partner directory that the outbound NACL never lets out',
      snapshot: {
        ...net,
        nacls: [webNacl],
        securityGroups: [sg('sg-web', { egress: [{ proto: 'tcp', ports: 636, cidr: '198.51.100.0/24' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
      findings: [{ resourceId: 'sg-web', key: 'egress:tcp 636:198.51.100.0/24', message: 'acl-web outbound (rule #32767 (the default deny))' }],
    },
    {
      name: 'an IPv6 egress rule on a dual-stack interface whose NACL has no IPv6 rule at all',
      snapshot: {
        ...net,
        nacls: [webNacl],
        securityGroups: [sg('sg-web', { egress: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] })],
        enis: [eni('eni-web', 'subnet-web', ['10.0.1.10', '2001:db8:1::10'], ['sg-web'])],
      },
      findings: [{ resourceId: 'sg-web', key: 'egress:all traffic:::/0', message: /^sg-web egress rule \(all traffic to ::\/0\) never carries traffic: .*acl-web outbound \(the implicit deny\)/ }],
    },
  ],
});
