import { naclReturnRangeExposes } from '../../../src/lint/rules/nacl-return-range-exposes.js';
import { ALLOW_ALL, eni, nacl, sg, subnet, vpc } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const net = { vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets: [subnet('subnet-web', '10.0.1.0/24')] };
const webNacl = (extra: { n: number; action?: 'allow' | 'deny'; proto?: string; ports?: [number, number] | number; cidr: string }[] = []) =>
  nacl('acl-web', {
    subnetIds: ['subnet-web'],
    inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, ...extra, { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
    outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
  });

ruleTester(naclReturnRangeExposes, {
  valid: [
    {
      name: 'the classic 1024-65535 return rule alone lints clean (no interface behind it)',
      snapshot: { ...net, nacls: [webNacl()] },
    },
    {
      name: 'a return rule in front of web servers whose groups admit only 80 and 443 from the world',
      snapshot: {
        ...net,
        nacls: [webNacl()],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
    {
      name: 'a group admitting RDP only from the office does not open it to the world',
      snapshot: {
        ...net,
        nacls: [webNacl()],
        securityGroups: [sg('sg-rdp', { ingress: [{ proto: 'tcp', ports: 3389, cidr: '203.0.113.0/24' }] })],
        enis: [eni('eni-win', 'subnet-web', '10.0.1.20', ['sg-rdp'])],
      },
    },
    {
      name: 'an explicit deny for the port numbered before the return rule already protects it',
      snapshot: {
        ...net,
        nacls: [webNacl([{ n: 130, action: 'deny', proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }])],
        securityGroups: [sg('sg-rdp', { ingress: [{ proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-win', 'subnet-web', '10.0.1.20', ['sg-rdp'])],
      },
    },
    {
      name: 'SSH on 22 lies below the return range: the return rule does not decide it (nacl-world-open-admin judges service rules)',
      snapshot: {
        ...net,
        nacls: [webNacl()],
        securityGroups: [sg('sg-ssh', { ingress: [{ proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-bastion', 'subnet-web', '10.0.1.30', ['sg-ssh'])],
      },
    },
    {
      name: 'an interface in another subnet, behind another NACL, is not exposed by this one',
      snapshot: {
        ...net,
        subnets: [...net.subnets, subnet('subnet-db', '10.0.3.0/24')],
        nacls: [webNacl(), nacl('acl-db', { subnetIds: ['subnet-db'], inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.0.0/16' }] })],
        securityGroups: [sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])],
      },
    },
  ],
  invalid: [
    {
      name: 'RDP opened to the world by a group sits behind the 1024-65535 return rule: the deny goes right before it',
      snapshot: {
        ...net,
        nacls: [webNacl([{ n: 120, proto: 'tcp', ports: [3380, 3400], cidr: '203.0.113.0/24' }])],
        securityGroups: [sg('sg-rdp', { ingress: [{ proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-win', 'subnet-web', '10.0.1.20', ['sg-rdp'])],
      },
      findings: [
        {
          resourceId: 'acl-web',
          key: 'inbound:140',
          message:
            /^acl-web inbound rule #140 \(allow tcp 1024-65535 from 0\.0\.0\.0\/0\) is a return rule, but it is also the only NACL rule between 0\.0\.0\.0\/0 and tcp 3389 on eni-win \(subnet-web\), whose security group sg-rdp admits that port from the world \(sg-rdp ingress tcp 3389 from 0\.0\.0\.0\/0\)/,
          details: { ports: [{ protocol: 'tcp', port: 3389, enis: ['eni-win'] }], groups: ['sg-rdp'], denyRuleNumbers: [139] },
          fix: 'Add rule #139 to acl-web inbound: deny tcp 3389 from 0.0.0.0/0.',
        },
      ],
    },
    {
      name: 'the default NACL’s allow-all lets the world reach SSH and PostgreSQL that a group opens to it: one finding, one deny per port',
      snapshot: {
        ...net,
        nacls: [nacl('acl-default', { isDefault: true, inbound: ALLOW_ALL, outbound: ALLOW_ALL })],
        securityGroups: [sg('sg-open', { ingress: [{ proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-db', 'subnet-web', '10.0.1.40', ['sg-open'])],
      },
      findings: [
        {
          resourceId: 'acl-default',
          key: 'inbound:100',
          message: 'also drops replies to this subnet’s own clients',
          details: { denyRuleNumbers: [99, 98] },
          fix: 'Add rule #99 to acl-default inbound: deny tcp 22 from 0.0.0.0/0. Add rule #98 to acl-default inbound: deny tcp 5432 from 0.0.0.0/0.',
        },
      ],
    },
    {
      name: 'a group admitting all traffic from the world exposes every admin port: the fix is the group, not thirty NACL denies',
      snapshot: {
        ...net,
        nacls: [nacl('acl-default', { isDefault: true, inbound: ALLOW_ALL, outbound: ALLOW_ALL })],
        securityGroups: [sg('sg-wide-open', { ingress: [{ cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-legacy', 'subnet-web', '10.0.1.60', ['sg-wide-open'])],
      },
      findings: [
        {
          resourceId: 'acl-default',
          key: 'inbound:100',
          message: /between 0\.0\.0\.0\/0 and tcp 22, tcp 23, tcp 135, tcp 139, tcp 445, tcp 1433 and \d+ more on eni-legacy/,
          fix: /^Close the ports to the world in sg-wide-open: one NACL deny per port \(\d+\) would not fit/,
        },
      ],
    },
    {
      name: 'IPv6: a ::/0 return rule in front of Redis open to ::/0',
      snapshot: {
        ...net,
        nacls: [nacl('acl-v6', { subnetIds: ['subnet-web'], ipv6: true, inbound: [{ n: 101, proto: 'tcp', ports: [1024, 65535], cidr: '::/0' }] })],
        securityGroups: [sg('sg-cache', { ingress: [{ proto: 'tcp', ports: 6379, cidr: '::/0' }] })],
        enis: [eni('eni-cache', 'subnet-web', ['10.0.1.50', '2001:db8:1::50'], ['sg-cache'])],
      },
      findings: [{ resourceId: 'acl-v6', key: 'inbound:101', fix: 'Add rule #100 to acl-v6 inbound: deny tcp 6379 from ::/0.' }],
    },
  ],
});
