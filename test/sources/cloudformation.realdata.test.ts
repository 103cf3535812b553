// Third-party CloudFormation templates (../shared/realdata): every template with security groups or network
// ACLs imports, or fails with the precise problem that makes it unknowable or invalid; cfn_nag's and
// checkov's own answers are checked against the model.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { loadSnapshot } from '../../src/sources/index.js';
import { REALDATA, problemsRejected } from './helpers.js';

interface Counts {
  vpcs: number;
  subnets: number;
  groups: number;
  groupRules: number;
  nacls: number;
  naclRules: number;
  enis: number;
  instances: number;
}

const counts = (s: Snapshot): Counts => ({
  vpcs: s.vpcs.length,
  subnets: s.subnets.length,
  groups: s.securityGroups.length,
  groupRules: s.securityGroups.reduce((n, g) => n + g.ingress.length + g.egress.length, 0),
  nacls: s.nacls.length,
  naclRules: s.nacls.reduce((n, a) => n + a.inbound.length + a.outbound.length, 0),
  enis: s.enis.length,
  instances: s.instances.length,
});
const c = (vpcs: number, subnets: number, groups: number, groupRules: number, nacls: number, naclRules: number, enis: number, instances: number): Counts => ({
  vpcs,
  subnets,
  groups,
  groupRules,
  nacls,
  naclRules,
  enis,
  instances,
});

const NAG = 'stelligent_cfn_nag/spec/test_templates';
const LINT = 'aws-cloudformation_cfn-lint/test/fixtures/templates';
const CHECKOV = 'bridgecrewio_checkov/tests/cloudformation/checks/resource/aws';
const real = (p: string): string => path.join(REALDATA, p);

const IMPORTS: Record<string, Counts> = {
  [`${NAG}/json/security_group/dangling_allprotocols_egress_rule.json`]: c(0, 0, 1, 3, 0, 0, 0, 0),
  [`${NAG}/json/security_group/dangling_allprotocols_ingress_rule.json`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${NAG}/json/security_group/dangling_egress_rule.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/dangling_ingress_rule.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/egress_with_port_range.json`]: c(0, 0, 2, 2, 0, 0, 0, 0),
  [`${NAG}/json/security_group/ip6_security_groups_open_to_world.json`]: c(1, 1, 4, 12, 0, 0, 0, 0),
  [`${NAG}/json/security_group/multiple_inline_egress.json`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${NAG}/json/security_group/non_32_cidr_with_ip6.json`]: c(0, 0, 2, 4, 0, 0, 0, 0),
  [`${NAG}/json/security_group/security_group_ip4_localhost_egress.json`]: c(0, 0, 2, 3, 0, 0, 0, 0),
  [`${NAG}/json/security_group/security_group_ip6_localhost_egress.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/security_group_open_to_world_on_egress.json`]: c(0, 0, 2, 3, 0, 0, 0, 0),
  [`${NAG}/json/security_group/security_group_open_to_world_on_ingress.json`]: c(0, 0, 2, 4, 0, 0, 0, 0),
  [`${NAG}/json/security_group/security_group_with_explicit_name.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/security_group_without_explicit_name.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/sg_missing_properties.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/single_security_group_empty_ingress.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/single_security_group_one_cidr_ingress.json`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${NAG}/json/security_group/single_security_group_single_egress.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/single_security_group_two_externalized_egress.json`]: c(0, 0, 1, 3, 0, 0, 0, 0),
  [`${NAG}/json/security_group/standalone_egress_open_to_world.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/standalone_ingress_open_to_world.json`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${NAG}/json/security_group/two_security_group_two_cidr_ingress.json`]: c(0, 0, 2, 5, 0, 0, 0, 0),
  [`${NAG}/json/security_group/two_security_group_two_externalized_cidr_ingress.json`]: c(0, 0, 2, 5, 0, 0, 0, 0),
  [`${NAG}/json/security_group/two_security_groups_one_with_non_32_cidr.json`]: c(0, 0, 2, 4, 0, 0, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_all_ports_full_range.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_all_protocols.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_all_protocols_deny.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_deny_full_ipv4_cidr_range.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_deny_full_ipv6_cidr_range.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_deny_partial_ipv4_cidr_range.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_deny_partial_ipv6_cidr_range.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_egress_ingress_dupe_rule_numbers.yml`]: c(1, 0, 0, 0, 2, 4, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_egress_ingress_reused_ports.yml`]: c(1, 0, 0, 0, 2, 4, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_no_duplicate_rule_numbers.yml`]: c(1, 0, 0, 0, 2, 4, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_no_port_overlaps.yml`]: c(1, 0, 0, 0, 1, 3, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_no_reused_ports.yml`]: c(1, 0, 0, 0, 2, 4, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_port_overlap_non_tcp_udp.yml`]: c(1, 0, 0, 0, 1, 2, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_port_range.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_icmp.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_icmpv6_with_icmpv4_cidrblock.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_tcp.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_tcp_deny.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_udp.yml`]: c(1, 0, 0, 0, 1, 1, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_reused_ports.yml`]: c(1, 0, 0, 0, 2, 4, 0, 0),
  // Entries of NACLs passed as parameters: their NACLs are not in the template, so they are left out.
  [`${NAG}/yaml/ec2_networkaclentry/metadata_overlapping_ports.yml`]: c(0, 0, 0, 0, 0, 0, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/overlapping_ports_no_nacl.yml`]: c(0, 0, 0, 0, 0, 0, 0, 0),
  [`${NAG}/yaml/ec2_networkaclentry/ref_ports.yml`]: c(0, 0, 0, 0, 1, 2, 0, 0),
  [`${NAG}/yaml/security_group/ip6_security_group_egress_open_to_world.yml`]: c(1, 1, 5, 7, 0, 0, 0, 0),
  [`${NAG}/yaml/security_group/ip6_security_groups_open_to_world.yml`]: c(1, 1, 5, 13, 0, 0, 0, 0),
  [`${NAG}/yaml/security_group/pesky_if.yml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${NAG}/yaml/security_group/security_group_rule_description_fail.yml`]: c(1, 0, 3, 2, 0, 0, 0, 0),
  [`${NAG}/yaml/security_group/security_group_rule_description_pass.yml`]: c(1, 0, 3, 2, 0, 0, 0, 0),
  [`${NAG}/yaml/security_group/sg_with_mangled_metadata.yml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${NAG}/yaml/security_group/sg_with_suppression.yml`]: c(0, 0, 2, 4, 0, 0, 0, 0),
  [`${LINT}/quickstart/nist_vpc_management.yaml`]: c(1, 4, 4, 9, 0, 0, 1, 1),
  [`${LINT}/quickstart/vpc-management.json`]: c(1, 4, 4, 9, 0, 0, 1, 1),
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-FAILED-2.yaml`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-FAILED-3.yaml`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-FAILED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-PASSED-2.yaml`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-PASSED-3.yaml`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-PASSED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupQuotes-FAILED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupRange-FAILED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupUnrestrictedIngress22-FAILED-2.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupUnrestrictedIngress22-FAILED-3.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupUnrestrictedIngress22-FAILED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupUnrestrictedIngress22-PASSED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress3389/SecurityGroupUnrestrictedIngress3389-FAILED-2.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress3389/SecurityGroupUnrestrictedIngress3389-FAILED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress3389/SecurityGroupUnrestrictedIngress3389-PASSED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress80/SecurityGroupUnrestrictedIngress80-FAILED-2.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress80/SecurityGroupUnrestrictedIngress80-FAILED-3.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress80/SecurityGroupUnrestrictedIngress80-FAILED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress80/SecurityGroupUnrestrictedIngress80-PASSED.yaml`]: c(0, 0, 1, 2, 0, 0, 0, 0),
};

const param = (logicalId: string, property: string, parameter: string) =>
  `${logicalId}: ${property} is parameter ${parameter}, which has no Default, so synack cannot know it before deployment; pass --parameter ${parameter}=VALUE, give parameter ${parameter} a Default, or write the value`;
const duplicate = (entry: string, direction: string, n: number, acl: string, other: string) =>
  `${entry}: ${direction} rule number ${n} of network ACL ${acl} is also used by ${other}; expected rule numbers unique per direction (AWS rejects the second entry)`;
const region = (logicalId: string) =>
  `${logicalId}: the resource exists only if the pseudo parameter AWS::Region, known at deployment holds, which synack cannot know before deployment; give the parameters it depends on a Default`;
const notAList = (logicalId: string, value: string) => `${logicalId}: SecurityGroupIngress is the string "${value}"; expected a list`;
const vpcCidrBlock = 'myNetworkAclEntry: Ipv6CidrBlock is myVPCIpv6CidrBlock (AWS::EC2::VPCCidrBlock), so synack cannot know it before deployment; write the value, or take it from a parameter with a Default';
const hostBits = (subnet: string, given: string, canonical: string) => `${subnet}: CidrBlock "${given}" has host bits set; AWS stores canonical blocks: did you mean ${canonical}?`;

/** Templates that are invalid, or hold values only deployment knows: [pointer, message] of each problem. */
const REJECTS: Record<string, [string, string][]> = {
  [`${NAG}/json/security_group/non_32_cidr.json`]: [
    ['/Resources/sg2/Properties/SecurityGroupIngress/2/CidrIp', param('sg2 SecurityGroupIngress[2]', 'CidrIp', 'somethingSpecial')],
    ['/Resources/sg3/Properties/SecurityGroupIngress/CidrIp', param('sg3 SecurityGroupIngress', 'CidrIp', 'somethingSpecial')],
    ['/Resources/sg4/Properties/SecurityGroupIngress/CidrIp', 'sg4 SecurityGroupIngress: CidrIp is an array; expected a string'],
  ],
  [`${NAG}/json/security_group/non_32_cidr_standalone_ingress.json`]: [
    ['/Resources/securityGroupIngress2/Properties/CidrIp', 'securityGroupIngress2: CidrIp is an array; expected a string'],
    ['/Resources/securityGroupIngress4/Properties/CidrIp', param('securityGroupIngress4', 'CidrIp', 'somethingSpecial')],
    ['/Resources/securityGroupIngress5/Properties/CidrIp', 'securityGroupIngress5: CidrIp is an array; expected a string'],
  ],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_duplicate_rule_numbers.yml`]: [
    ['/Resources/myNetworkAclEntry2/Properties/RuleNumber', duplicate('myNetworkAclEntry2', 'inbound', 100, 'myNetworkAcl', 'myNetworkAclEntry')],
    ['/Resources/myNetworkAclEntry4/Properties/RuleNumber', duplicate('myNetworkAclEntry4', 'inbound', 200, 'myNetworkAcl2', 'myNetworkAclEntry3')],
  ],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_some_duplicate_rule_numbers.yml`]: [
    ['/Resources/myNetworkAclEntry3/Properties/RuleNumber', duplicate('myNetworkAclEntry3', 'outbound (Egress: true)', 200, 'myNetworkAcl', 'myNetworkAclEntry2')],
  ],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_port_overlaps.yml`]: [
    ['/Resources/myNetworkAclEntry4/Properties/RuleNumber', duplicate('myNetworkAclEntry4', 'inbound', 300, 'myNetworkAcl', 'myNetworkAclEntry3')],
  ],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_missing_port_range.yml`]: [
    ['/Resources/myNetworkAclEntry/Properties', 'myNetworkAclEntry: UDP entry without PortRange; expected PortRange {From, To} for protocols 6 (TCP) and 17 (UDP)'],
  ],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_missing_port_range_from.yml`]: [['/Resources/myNetworkAclEntry/Properties/PortRange', 'myNetworkAclEntry: missing PortRange.From; expected a port 0-65535']],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_missing_port_range_to.yml`]: [['/Resources/myNetworkAclEntry/Properties/PortRange', 'myNetworkAclEntry: missing PortRange.To; expected a port 0-65535']],
  // `Ref` of an AWS::EC2::VPCCidrBlock is the association's id, and the block is Amazon's to assign.
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_icmpv6.yml`]: [['/Resources/myNetworkAclEntry/Properties/Ipv6CidrBlock', vpcCidrBlock]],
  [`${NAG}/yaml/ec2_networkaclentry/ec2_networkaclentry_protocol_icmpv6_missing_icmp.yml`]: [['/Resources/myNetworkAclEntry/Properties/Ipv6CidrBlock', vpcCidrBlock]],
  [`${NAG}/yaml/ec2_networkaclentry/int_protocol.yml`]: [['/Resources/PublicNetworkAcl/Properties', 'the Properties of PublicNetworkAcl has no "VpcId"; expected it to be present']],
  [`${NAG}/yaml/ec2_networkaclentry/ip6_and_ip4_nacl.yml`]: [['/Resources/PublicNetworkAcl/Properties', 'the Properties of PublicNetworkAcl has no "VpcId"; expected it to be present']],
  [`${NAG}/yaml/security_group/bad_cidr_in_parameter.yml`]: [
    ['/Resources/InstanceSecurityGroup/Properties/SecurityGroupIngress/0/CidrIpv6', param('InstanceSecurityGroup SecurityGroupIngress[0]', 'CidrIpv6', 'BadCidr')],
  ],
  [`${LINT}/bad/properties_sg_ingress.yaml`]: [
    ['/Resources/mySecurityGroupIngressExclusive/Properties', 'the Properties of mySecurityGroupIngressExclusive has no "IpProtocol"; expected it to be present'],
    [
      '/Resources/mySecurityGroupVpc/Properties/SecurityGroupIngress/0/SourceSecurityGroupName',
      'mySecurityGroupVpc SecurityGroupIngress[0]: SourceSecurityGroupName "String" names a group by name only, and no group of the template has that GroupName; expected SourceSecurityGroupId',
    ],
    [
      '/Resources/mySecurityGroupVpc/Properties/SecurityGroupIngress/1',
      'mySecurityGroupVpc SecurityGroupIngress[1]: the rule names 2 peers (CidrIp, SourceSecurityGroupId); expected exactly one of CidrIp, CidrIpv6, SourcePrefixListId, SourceSecurityGroupId, SourceSecurityGroupName',
    ],
    ['/Resources/mySecurityGroupVpc/Properties/SecurityGroupIngress/2/CidrIp', 'mySecurityGroupVpc SecurityGroupIngress[2]: CidrIp "10.0.0.0" is not a valid CIDR block; expected a block such as 10.0.0.0/16'],
    [
      '/Resources/mySecurityGroupVpc/Properties/SecurityGroupIngress/4',
      'mySecurityGroupVpc SecurityGroupIngress[4]: the rule names 2 peers (CidrIp, SourceSecurityGroupId); expected exactly one of CidrIp, CidrIpv6, SourcePrefixListId, SourceSecurityGroupId, SourceSecurityGroupName',
    ],
    [
      '/Resources/SecurityGroupRuleSSM/Properties/CidrIp',
      'SecurityGroupRuleSSM: CidrIp is the dynamic reference "{{resolve:ssm:mysubnet}}", resolved at deployment, so synack cannot know it before deployment; write the value, or take it from a parameter with a Default',
    ],
  ],
  [`${LINT}/quickstart/nist_application.yaml`]: [
    ['/Resources/rSecurityGroupApp/Properties/SecurityGroupIngress/0/CidrIp', param('rSecurityGroupApp SecurityGroupIngress[0]', 'CidrIp', 'pProductionCIDR')],
    ['/Resources/rSecurityGroupAppInstance/Properties/SecurityGroupIngress/0/CidrIp', param('rSecurityGroupAppInstance SecurityGroupIngress[0]', 'CidrIp', 'pProductionCIDR')],
    ['/Resources/rSecurityGroupAppInstance/Properties/SecurityGroupIngress/1/CidrIp', param('rSecurityGroupAppInstance SecurityGroupIngress[1]', 'CidrIp', 'pProductionCIDR')],
    ['/Resources/rSecurityGroupAppInstance/Properties/SecurityGroupIngress/2/CidrIp', param('rSecurityGroupAppInstance SecurityGroupIngress[2]', 'CidrIp', 'pManagementCIDR')],
    ['/Resources/rSecurityGroupWebInstance/Properties/SecurityGroupIngress/0/CidrIp', param('rSecurityGroupWebInstance SecurityGroupIngress[0]', 'CidrIp', 'pProductionCIDR')],
    ['/Resources/rSecurityGroupWebInstance/Properties/SecurityGroupIngress/1/CidrIp', param('rSecurityGroupWebInstance SecurityGroupIngress[1]', 'CidrIp', 'pProductionCIDR')],
    ['/Resources/rSecurityGroupWebInstance/Properties/SecurityGroupIngress/2/CidrIp', param('rSecurityGroupWebInstance SecurityGroupIngress[2]', 'CidrIp', 'pManagementCIDR')],
  ],
  [`${LINT}/quickstart/nist_vpc_production.yaml`]: [
    ['/Resources/rAppPrivateSubnetB/Properties/CidrBlock', hostBits('rAppPrivateSubnetB', '10.100.119.0/21', '10.100.112.0/21')],
    ['/Resources/rDBPrivateSubnetA/Properties/CidrBlock', hostBits('rDBPrivateSubnetA', '10.100.194.0/21', '10.100.192.0/21')],
    ['/Resources/rDBPrivateSubnetB/Properties/CidrBlock', hostBits('rDBPrivateSubnetB', '10.100.212.0/21', '10.100.208.0/21')],
    ['/Resources/rNACLRuleAllowMgmtAccessSSHtoPrivate/Properties/CidrBlock', param('rNACLRuleAllowMgmtAccessSSHtoPrivate', 'CidrBlock', 'pManagementCIDR')],
  ],
  [`${LINT}/quickstart/vpc.json`]: [
    ['/Resources/NATInstance1/Condition', region('NATInstance1')],
    ['/Resources/NATInstance2/Condition', region('NATInstance2')],
    ['/Resources/NATInstanceSecurityGroup/Condition', region('NATInstanceSecurityGroup')],
  ],
  [`${CHECKOV}/example_SecurityGroupRuleDescription/SecurityGroupRuleDescription-PASSED-4.yaml`]: [['/Resources/InstanceSecurityGroup/Properties/SecurityGroupIngress', notAList('InstanceSecurityGroup', 'None')]],
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupRangeInvalid-PASSED.yaml`]: [
    ['/Resources/DemoSecurityGroup/Properties/SecurityGroupIngress/0', 'DemoSecurityGroup SecurityGroupIngress[0]: FromPort 23 is greater than ToPort 21; expected FromPort <= ToPort'],
  ],
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress22/SecurityGroupUnrestrictedIngress22-UNKNOWN.yaml`]: [['/Resources/InstanceSecurityGroup/Properties/SecurityGroupIngress', notAList('InstanceSecurityGroup', 'hello22')]],
  [`${CHECKOV}/example_SecurityGroupUnrestrictedIngress80/SecurityGroupUnrestrictedIngress80-UNKNOWN.yaml`]: [['/Resources/InstanceSecurityGroup/Properties/SecurityGroupIngress', notAList('InstanceSecurityGroup', 'hello80')]],
};

/** cfn_nag's parameter file for bad_cidr_in_parameter.yml: not a template. */
const PARAMETER_FILE = `${NAG}/yaml/security_group/bad_cidr.json`;

describe('third-party CloudFormation templates', () => {
  it('covers every template of the folders', () => {
    const found = [NAG, LINT, CHECKOV]
      .flatMap((root) => readdirSync(real(root), { recursive: true, encoding: 'utf8' }).map((f) => `${root}/${f}`))
      .filter((f) => /\.(ya?ml|json|template)$/.test(f))
      .sort();
    expect(found).toEqual([...Object.keys(IMPORTS), ...Object.keys(REJECTS), PARAMETER_FILE].sort());
  });

  for (const [file, want] of Object.entries(IMPORTS)) {
    it(`imports ${path.basename(file)}`, async () => {
      const { snapshot } = await loadSnapshot([real(file)]);
      expect(counts(snapshot)).toEqual(want);
      const all = [...snapshot.vpcs, ...snapshot.subnets, ...snapshot.securityGroups, ...snapshot.nacls, ...snapshot.enis, ...snapshot.instances];
      expect(all.every((o) => o.source.address !== undefined && o.source.pointer.startsWith(`/Resources/`))).toBe(true);
    });
  }

  for (const [file, want] of Object.entries(REJECTS)) {
    it(`rejects ${path.basename(file)} with the precise problem`, async () => {
      const problems = await problemsRejected(() => loadSnapshot([real(file)]));
      expect(problems.map((p) => [p.pointer, p.message])).toEqual(want);
      expect(problems.every((p) => p.file === real(file) && typeof p.line === 'number')).toBe(true);
    });
  }

  it("reports cfn_nag's parameter file as not a template", async () => {
    const problems = await problemsRejected(() => loadSnapshot([real(PARAMETER_FILE)]));
    expect(problems[0]?.message).toMatch(/^not a format synack reads/);
  });
});

describe('templates that import once their parameters are given', () => {
  it('cfn-lint nist_vpc_production.yaml: 11 NACL entries, with 1024-65535 return rules both ways', async () => {
    const parameters = { pManagementCIDR: '10.10.0.0/16', pAppPrivateSubnetBCIDR: '10.100.112.0/21', pDBPrivateSubnetACIDR: '10.100.192.0/21', pDBPrivateSubnetBCIDR: '10.100.208.0/21' };
    const { snapshot } = await loadSnapshot([real(`${LINT}/quickstart/nist_vpc_production.yaml`)], { parameters });
    expect(counts(snapshot)).toEqual(c(1, 6, 3, 7, 2, 11, 0, 0));
    const entries = snapshot.nacls.flatMap((n) => [...n.inbound, ...n.outbound]);
    expect(entries.filter((r) => r.ports?.from === 1024 && r.ports.to === 65535).map((r) => [r.source.address, r.naclId, r.egress ? 'out' : 'in', r.cidr.text])).toEqual([
      ['rNACLRuleAllowReturnTCPPriv', 'rNACLPrivate', 'in', '0.0.0.0/0'],
      ['rNACLRuleAllowAllReturnTCP', 'rNACLPublic', 'in', '0.0.0.0/0'],
      ['rNACLRuleAllowEgressReturnTCP', 'rNACLPublic', 'out', '0.0.0.0/0'],
    ]);
    expect(snapshot.nacls.map((n) => [n.id, n.subnetIds.length])).toEqual([
      ['rNACLPrivate', 4],
      ['rNACLPublic', 2],
    ]);
  });

  it('cfn-lint vpc.json: with a region, its conditions decide what exists — NACLs only with the additional private subnets, NAT instances only in GovCloud', async () => {
    const vpc = real(`${LINT}/quickstart/vpc.json`);
    const ireland = (await loadSnapshot([vpc], { parameters: { 'AWS::Region': 'eu-west-1' } })).snapshot;
    expect(counts(ireland)).toEqual(c(1, 4, 0, 0, 0, 0, 0, 0));
    const four = (await loadSnapshot([vpc], { parameters: { 'AWS::Region': 'eu-west-1', NumberOfAZs: '4', CreateAdditionalPrivateSubnets: 'true' } })).snapshot;
    expect(four.nacls.map((n) => [n.id, n.subnetIds.join(), n.inbound.map((r) => `${r.number} ${r.action} ${r.protocol} ${r.cidr.text}`).join(), n.outbound.length])).toEqual([
      ['PrivateSubnet1BNetworkAcl', 'PrivateSubnet1B', '100 allow -1 0.0.0.0/0', 1],
      ['PrivateSubnet2BNetworkAcl', 'PrivateSubnet2B', '100 allow -1 0.0.0.0/0', 1],
      ['PrivateSubnet3BNetworkAcl', 'PrivateSubnet3B', '100 allow -1 0.0.0.0/0', 1],
      ['PrivateSubnet4BNetworkAcl', 'PrivateSubnet4B', '100 allow -1 0.0.0.0/0', 1],
    ]);
    const govcloud = (await loadSnapshot([vpc], { parameters: { 'AWS::Region': 'us-gov-west-1' } })).snapshot;
    expect(govcloud.instances.map((i) => i.id)).toEqual(['NATInstance1', 'NATInstance2']);
    expect(govcloud.enis.map((e) => [e.subnetId, e.groupIds.join()])).toEqual([
      ['PublicSubnet1', 'NATInstanceSecurityGroup'],
      ['PublicSubnet2', 'NATInstanceSecurityGroup'],
    ]);
  });
});

describe("cfn_nag's and checkov's answers, from the model", () => {
  interface Expected {
    rule: string;
    template: string;
    parameters: unknown;
    expected_offending_logical_ids: string[];
  }
  const expected = JSON.parse(readFileSync(real('stelligent_cfn_nag/EXPECTED_offenders_from_cfn_nag_specs.json'), 'utf8')) as Expected[];
  const DEFAULT_EGRESS = 'default egress rule AWS adds to a group declared without egress rules';

  /**
   * What opens a direction to 0.0.0.0/0 or ::/0 (AWS's own default egress aside), named as cfn_nag names it:
   * the group when the template defines it, else the standalone rule.
   */
  const openToWorld = (s: Snapshot, direction: 'ingress' | 'egress') =>
    new Set(
      s.securityGroups.flatMap((g) =>
        g[direction]
          .filter((r) => r.peer.kind === 'cidr' && r.peer.cidr.prefixLength === 0 && r.description !== DEFAULT_EGRESS)
          .map((r) => (g.source.address === g.id ? g.id : r.source.address)),
      ),
    );

  for (const [rule, direction] of [
    ['SecurityGroupIngressOpenToWorldRule', 'ingress'],
    ['SecurityGroupEgressOpenToWorldRule', 'egress'],
  ] as const) {
    for (const e of expected.filter((x) => x.rule === rule && `${NAG}/${x.template.replace('spec/test_templates/', '')}` in IMPORTS)) {
      it(`${rule}: ${path.basename(e.template)} opens ${direction} to the world in exactly ${e.expected_offending_logical_ids.join(', ')}`, async () => {
        const { snapshot } = await loadSnapshot([real(`${NAG}/${e.template.replace('spec/test_templates/', '')}`)]);
        expect(openToWorld(snapshot, direction)).toEqual(new Set(e.expected_offending_logical_ids));
      });
    }
  }

  it('EC2NetworkAclEntryDuplicateRule: the rule-number problems name exactly the offending entries', async () => {
    for (const e of expected.filter((x) => x.rule === 'EC2NetworkAclEntryDuplicateRule')) {
      const file = real(`${NAG}/${e.template.replace('spec/test_templates/', '')}`);
      if (e.expected_offending_logical_ids.length === 0) {
        await expect(loadSnapshot([file])).resolves.toBeDefined();
        continue;
      }
      const problems = await problemsRejected(() => loadSnapshot([file]));
      const named = problems.flatMap((p) => [/^(\w+):/.exec(p.message)![1]!, /also used by (\w+)/.exec(p.message)![1]!]);
      expect(new Set(named), e.template).toEqual(new Set(e.expected_offending_logical_ids));
    }
  });

  it('EC2NetworkAclEntryIneffectiveDenyRule: partial-range denies are the deny entries whose block is not /0', async () => {
    for (const e of expected.filter((x) => x.rule === 'EC2NetworkAclEntryIneffectiveDenyRule')) {
      const { snapshot } = await loadSnapshot([real(`${NAG}/${e.template.replace('spec/test_templates/', '')}`)]);
      const partial = snapshot.nacls.flatMap((n) => [...n.inbound, ...n.outbound]).filter((r) => r.action === 'deny' && r.cidr.prefixLength > 0);
      expect(partial.map((r) => r.source.address), e.template).toEqual(e.expected_offending_logical_ids);
    }
  });

  it('EC2NetworkAclEntryPortRangeRule: a missing PortRange (or From/To) is an input problem on the offending entry', async () => {
    for (const e of expected.filter((x) => x.rule === 'EC2NetworkAclEntryPortRangeRule' && /missing/.test(x.template))) {
      const problems = await problemsRejected(() => loadSnapshot([real(`${NAG}/${e.template.replace('spec/test_templates/', '')}`)]));
      expect(problems.map((p) => /^(\w+):/.exec(p.message)![1])).toEqual(e.expected_offending_logical_ids);
    }
  });

  it('checkov SecurityGroupUnrestrictedIngress22/3389/80: FAILED templates open the port to the world, PASSED ones do not', async () => {
    const opens = (s: Snapshot, port: number) =>
      s.securityGroups.some((g) => g.ingress.some((r) => r.peer.kind === 'cidr' && r.peer.cidr.prefixLength === 0 && (r.protocol === -1 || (r.protocol === 6 && r.ports !== undefined && r.ports.from <= port && port <= r.ports.to))));
    let checked = 0;
    for (const file of Object.keys(IMPORTS).filter((f) => /SecurityGroup(UnrestrictedIngress\d+|Quotes|Range)-/.test(f))) {
      const port = Number(/example_SecurityGroupUnrestrictedIngress(\d+)/.exec(file)![1]);
      const { snapshot } = await loadSnapshot([real(file)]);
      expect(opens(snapshot, port), file).toBe(/-FAILED/.test(file));
      checked++;
    }
    expect(checked).toBe(13);
  });
});
