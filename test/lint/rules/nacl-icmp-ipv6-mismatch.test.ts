import { naclIcmpIpv6Mismatch } from '../../../src/lint/rules/nacl-icmp-ipv6-mismatch.js';
import { nacl, sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(naclIcmpIpv6Mismatch, {
  valid: [
    {
      name: 'ICMP with an IPv4 block and ICMPv6 with an IPv6 block (Path MTU discovery both ways)',
      snapshot: { nacls: [nacl('acl-1', { ipv6: true, inbound: [{ n: 100, proto: '1', icmp: [3, 4], cidr: '0.0.0.0/0' }, { n: 101, proto: '58', icmp: [2, 0], cidr: '::/0' }] })] },
    },
    { name: 'all protocols (-1) with ::/0 covers ICMPv6 fine', snapshot: { nacls: [nacl('acl-1', { ipv6: true, inbound: [{ n: 101, cidr: '::/0' }] })] } },
    {
      name: 'a security group with icmp from 0.0.0.0/0 and icmpv6 from ::/0',
      snapshot: { securityGroups: [sg('sg-1', { ingress: [{ proto: 'icmp', icmp: [8, -1], cidr: '0.0.0.0/0' }, { proto: 'icmpv6', icmp: [128, -1], cidr: '::/0' }] })] },
    },
    { name: 'an icmp rule referencing a group has no CIDR to mismatch', snapshot: { securityGroups: [sg('sg-1', { ingress: [{ proto: 'icmp', group: 'sg-2' }] })] } },
  ],
  invalid: [
    {
      name: 'protocol 1 with ::/0 matches only ICMPv4, never IPv6 traffic',
      snapshot: { nacls: [nacl('acl-1', { ipv6: true, inbound: [{ n: 100, proto: '1', icmp: [3, 4], cidr: '0.0.0.0/0' }, { n: 110, proto: '1', cidr: '::/0' }] })] },
      findings: [{ resourceId: 'acl-1', key: 'inbound:110', message: /inbound rule 110 \(allow protocol 1 \(ICMP, IPv4 only\) from ::\/0\).*allows nothing and IPv6 ping and Path MTU discovery.*Use protocol 58/, fix: 'protocol 58' }],
    },
    {
      name: 'an outbound deny of ICMP to ::/0 blocks nothing',
      snapshot: { nacls: [nacl('acl-1', { ipv6: true, outbound: [{ n: 50, action: 'deny', proto: '1', cidr: '::/0' }, { n: 100, cidr: '::/0' }] })] },
      findings: [{ resourceId: 'acl-1', key: 'outbound:50', message: 'the deny blocks nothing' }],
    },
    {
      // cfn_nag spec/test_templates/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_icmpv6_with_icmpv4_cidrblock.yml:
      // EC2NetworkAclEntryProtocolRule flags myNetworkAclEntry (Protocol 58, CidrBlock 10.0.0.0/16, Icmp 0/0).
      name: 'cfn_nag: protocol 58 (ICMPv6) with the IPv4 block 10.0.0.0/16',
      snapshot: { nacls: [nacl('myNetworkAcl', { inbound: [{ n: 100, proto: '58', cidr: '10.0.0.0/16' }] })] },
      findings: [{ resourceId: 'myNetworkAcl', key: 'inbound:100', message: 'protocol 58 (ICMPv6, IPv6 only)' }],
    },
    {
      name: 'a security group allowing "icmp" from ::/0 makes the same mistake',
      snapshot: { securityGroups: [sg('sg-web', { ingress: [{ proto: 'icmp', icmp: [-1, -1], cidr: '::/0' }] })] },
      findings: [{ resourceId: 'sg-web', key: 'ingress:icmp:all types:::/0', message: 'Use protocol 58 (ICMPv6)', fix: 'icmpv6' }],
    },
  ],
});
