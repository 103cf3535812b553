import { sgWorldOpen } from '../../../src/lint/rules/sg-world-open.js';
import { sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(sgWorldOpen, {
  valid: [
    {
      name: 'HTTPS and HTTP from the world are the point of a public web server',
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' }, { proto: 'tcp', ports: 443, cidr: '::/0' }] })] } },
    { name: 'SSH from the world is sg-world-open-admin\'s error, not reported twice', snapshot: { securityGroups: [sg('sg-ssh', { ingress: [{ proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] } },
    { name: 'all traffic from the world is sg-world-open-admin\'s error', snapshot: { securityGroups: [sg('sg-open', { ingress: [{ cidr: '0.0.0.0/0' }] })] } },
    { name: 'a range covering an admin port is sg-world-open-admin\'s', snapshot: { securityGroups: [sg('sg-hadoop', { ingress: [{ proto: 'tcp', ports: [8000, 8100], cidr: '0.0.0.0/0' }] })] } },
    { name: 'tcp 8080 from the VPC is not world-open', snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 8080, cidr: '10.0.0.0/16' }] })] } },
    { name: 'ICMP from the world (Path MTU discovery) is not a port', snapshot: { securityGroups: [sg('sg-app', { ingress: [{ proto: 'icmp', icmp: [3, 4], cidr: '0.0.0.0/0' }, { proto: 'icmpv6', icmp: [2, 0], cidr: '::/0' }] })] } },
    { name: 'outbound to the world on any port is egress', snapshot: { securityGroups: [sg('sg-app', { egress: [{ proto: 'tcp', ports: 8080, cidr: '0.0.0.0/0' }] })] } },
    {
      name: 'a port added to settings.webPorts is fine to open',
      settings: { webPorts: [80, 443, 8443] },
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 8443, cidr: '0.0.0.0/0' }] })] },
    },
  ],
  invalid: [
    {
      name: 'a development server on 8080 open to the world',
      snapshot: { securityGroups: [sg('sg-dev', { ingress: [{ proto: 'tcp', ports: 8080, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-dev', key: 'ingress:tcp:8080:0.0.0.0/0', message: /tcp port 8080 is reachable from any IPv4 address/, details: { openPorts: [[8080, 8080]] } }],
    },
    {
      // cfn_nag spec/test_templates/json/security_group/security_group_open_to_world_on_ingress.json:
      // SecurityGroupIngressOpenToWorldRule flags sgOpenIngress (tcp 34) and sgOpenIngress2 (standalone ingress tcp 46).
      name: 'cfn_nag open-to-world ingress on tcp 34 and 46 (both offenders)',
      snapshot: { securityGroups: [sg('sgOpenIngress', { ingress: [{ proto: 'tcp', ports: 34, cidr: '0.0.0.0/0' }] }), sg('sgOpenIngress2', { ingress: [{ proto: 'tcp', ports: 46, cidr: '0.0.0.0/0' }] })] },
      findings: [
        { resourceId: 'sgOpenIngress', key: 'ingress:tcp:34:0.0.0.0/0' },
        { resourceId: 'sgOpenIngress2', key: 'ingress:tcp:46:0.0.0.0/0' },
      ],
    },
    {
      name: 'a range reaching beyond the web ports reports only the non-web part',
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: [440, 443], cidr: '::/0' }] })] },
      findings: [{ resourceId: 'sg-web', key: 'ingress:tcp:440-443:::/0', message: /tcp ports 440-442 are reachable from any IPv6 address/ }],
    },
    {
      name: 'an OpenVPN endpoint on udp 1194 is still worth a look',
      snapshot: { securityGroups: [sg('sg-vpn', { ingress: [{ proto: 'udp', ports: 1194, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'sg-vpn', key: 'ingress:udp:1194:0.0.0.0/0', fix: 'Narrow 0.0.0.0/0' }],
    },
  ],
});
