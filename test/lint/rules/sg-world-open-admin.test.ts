import { sgWorldOpenAdmin } from '../../../src/lint/rules/sg-world-open-admin.js';
import { sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(sgWorldOpenAdmin, {
  valid: [
    { name: 'SSH from an office CIDR is not world-open', snapshot: { securityGroups: [sg('sg-bastion', { ingress: [{ proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] })] } },
    { name: 'SSH from a bastion security group is not world-open', snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 22, group: 'sg-bastion' }] })] } },
    { name: 'SSH from a prefix list is not a CIDR rule', snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 22, prefixList: 'pl-0office' }] })] } },
    {
      name: 'HTTP and HTTPS from the world are web ports, not admin ports',
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 80, cidr: '::/0' }] })] },
    },
    { name: 'outbound allow-all to the world is egress, not exposure', snapshot: { securityGroups: [sg('sg-app', { egress: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] })] } },
    {
      name: 'ICMP "fragmentation needed" from the world (Path MTU discovery) has no ports',
      snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }] })] },
    },
    {
      // checkov tests/terraform/checks/resource/aws/example_SecurityGroupUnrestrictedIngress22/main.tf, aws_security_group.pass
      name: 'checkov pass: tcp 222 from 0.0.0.0/0 is no admin port',
      snapshot: { securityGroups: [sg('sg-pass', { ingress: [{ proto: 'tcp', ports: 222, cidr: '192.168.0.0/16' }, { proto: 'tcp', ports: 222, cidr: '0.0.0.0/0' }] })] },
    },
    {
      // Same file, aws_security_group.fail2: from_port 0, to_port 0, protocol tcp. checkov fails it; AWS stores
      // TCP port 0 only, which is no admin port — synack deliberately differs.
      name: 'tcp port 0 only from the world (checkov fail2) exposes no admin port',
      snapshot: { securityGroups: [sg('sg-fail2', { ingress: [{ proto: 'tcp', ports: [0, 0], cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: 'a port removed from settings.adminPorts is not reported',
      settings: { adminPorts: [22] },
      snapshot: { securityGroups: [sg('sg-db', { ingress: [{ proto: 'tcp', ports: 3306, cidr: '0.0.0.0/0' }] })] },
    },
  ],
  invalid: [
    {
      // checkov example_SecurityGroupUnrestrictedIngress22/main.tf, aws_security_group.fail: cidr_blocks = ["192.168.0.0/16", "0.0.0.0/0"]
      name: 'SSH from 0.0.0.0/0 is reported once, for the world CIDR only (checkov fail)',
      snapshot: { securityGroups: [sg('sg-fail', { ingress: [{ proto: 'tcp', ports: 22, cidr: '192.168.0.0/16' }, { proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-fail', key: 'ingress:tcp:22:0.0.0.0/0', message: /admin port 22 \(SSH\) is reachable from any IPv4 address/, details: { adminPorts: [22], allPorts: false } }],
    },
    {
      // cfn_nag spec/test_templates/yaml/security_group/ip6_security_groups_open_to_world.yml, InstanceSecurityGroup3
      name: 'SSH from ::/0 is world-open over IPv6 (cfn_nag InstanceSecurityGroup3)',
      snapshot: { securityGroups: [sg('sg-ipv6', { ingress: [{ proto: 'tcp', ports: 22, cidr: '::/0' }] })] },
      findings: [{ resourceId: 'sg-ipv6', key: 'ingress:tcp:22:::/0', message: 'from any IPv6 address' }],
    },
    {
      name: 'cfn_nag InstanceSecurityGroup4 (2001:800::/21) is not world, InstanceSecurityGroup2 (0000::/0) is',
      snapshot: {
        securityGroups: [sg('sg-4', { ingress: [{ proto: 'tcp', ports: 22, cidr: '2001:800::/21' }] }), sg('sg-2', { ingress: [{ proto: 'tcp', ports: 22, cidr: '0000::/0' }] })],
      },
      findings: [{ resourceId: 'sg-2', key: 'ingress:tcp:22:::/0' }],
    },
    {
      name: 'all traffic from the world exposes every protocol and port',
      snapshot: { securityGroups: [sg('sg-open', { ingress: [{ proto: '-1', cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-open', key: 'ingress:all:all:0.0.0.0/0', message: /every protocol and port \(including admin ports 22 \(SSH\).*29 admin ports in all\)/, details: { allPorts: true } }],
    },
    {
      name: 'a database port range lists each admin port it covers',
      snapshot: { securityGroups: [sg('sg-db', { ingress: [{ proto: 'tcp', ports: [3306, 5432], cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-db', key: 'ingress:tcp:3306-5432:0.0.0.0/0', message: 'admin ports 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL) are reachable', details: { adminPorts: [3306, 3389, 5432] } }],
    },
    {
      name: 'UDP Memcached from the world is an admin port too (amplification attacks)',
      snapshot: { securityGroups: [sg('sg-cache', { ingress: [{ proto: 'udp', ports: 11211, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-cache', key: 'ingress:udp:11211:0.0.0.0/0', message: '11211 (Memcached)' }],
    },
    {
      name: 'tcp 0-65535 with no admin ports configured is still every port',
      settings: { adminPorts: [] },
      snapshot: { securityGroups: [sg('sg-all-tcp', { ingress: [{ proto: 'tcp', ports: [0, 65535], cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-all-tcp', key: 'ingress:tcp:all:0.0.0.0/0', message: 'every port is reachable', fix: 'revoke the rule' }],
    },
    {
      name: 'each offending rule of a group is its own finding',
      snapshot: {
        securityGroups: [sg('sg-win', { ingress: [{ proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 5985, cidr: '10.0.0.0/8' }, { proto: 'tcp', ports: 1433, cidr: '::/0' }] })],
      },
      findings: [
        { resourceId: 'sg-win', key: 'ingress:tcp:3389:0.0.0.0/0', message: '3389 (RDP)' },
        { resourceId: 'sg-win', key: 'ingress:tcp:1433:::/0', message: '1433 (SQL Server)' },
      ],
    },
  ],
});
