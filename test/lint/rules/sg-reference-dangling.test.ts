import { sgReferenceDangling } from '../../../src/lint/rules/sg-reference-dangling.js';
import type { SecurityGroup, SgPeer, SgRule } from '../../../src/model/snapshot.js';
import { sg, sgRule } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const owned = (group: SecurityGroup, ownerId: string): SecurityGroup => ({ ...group, ownerId });
/** An ingress rule referencing a group, with the UserIdGroupPairs fields AWS exports. */
const ref = (groupId: string, peer: Omit<Extract<SgPeer, { kind: 'group' }>, 'kind'>, port = 5432): SgRule => ({
  ...sgRule(groupId, 'ingress', { proto: 'tcp', ports: port, group: peer.groupId }),
  peer: { kind: 'group', ...peer },
});
const withIngress = (group: SecurityGroup, ...rules: SgRule[]): SecurityGroup => ({ ...group, ingress: rules });

ruleTester(sgReferenceDangling, {
  valid: [
    {
      name: 'a reference to a group of the snapshot (same account) resolves',
      snapshot: { securityGroups: [withIngress(owned(sg('sg-db'), '111111111111'), ref('sg-db', { groupId: 'sg-app', userId: '111111111111' })), owned(sg('sg-app'), '111111111111')] },
    },
    {
      name: 'a self reference (the default group pattern) resolves',
      snapshot: { securityGroups: [withIngress(sg('sg-default', { name: 'default' }), ref('sg-default', { groupId: 'sg-default' }))] },
    },
    {
      name: 'a cross-account reference to an account the snapshot does not hold is not dangling',
      snapshot: { securityGroups: [withIngress(owned(sg('sg-db'), '111111111111'), ref('sg-db', { groupId: 'sg-0partner', userId: '222222222222' }))] },
    },
    {
      name: 'an active peered reference into a VPC the snapshot does not cover is not dangling',
      snapshot: {
        securityGroups: [
          withIngress(owned(sg('sg-db'), '111111111111'), ref('sg-db', { groupId: 'sg-0peer', userId: '111111111111', vpcId: 'vpc-peer', peeringConnectionId: 'pcx-1', peeringStatus: 'active' })),
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'a reference to a group deleted from the same account',
      snapshot: {
        securityGroups: [withIngress(owned(sg('sg-db'), '111111111111'), ref('sg-db', { groupId: 'sg-0deleted', userId: '111111111111' })), owned(sg('sg-app'), '111111111111')],
      },
      findings: [{ resourceId: 'sg-db', key: 'ingress:tcp:5432:sg-0deleted', message: /references sg-0deleted, which is not among the snapshot's 2 security groups of account 111111111111: .* allows nothing/, details: { reason: 'missing-group' } }],
    },
    {
      name: 'a reference without a UserId (Terraform style) is the referencing group\'s account',
      snapshot: { securityGroups: [withIngress(sg('sg-db'), ref('sg-db', { groupId: 'sg-0gone' }, 3306))] },
      findings: [{ resourceId: 'sg-db', key: 'ingress:tcp:3306:sg-0gone' }],
    },
    {
      name: 'a peered reference whose peering was deleted is stale, whatever groups we hold',
      snapshot: {
        securityGroups: [
          withIngress(owned(sg('sg-db'), '111111111111'), ref('sg-db', { groupId: 'sg-0peer', userId: '222222222222', vpcId: 'vpc-peer', peeringConnectionId: 'pcx-0old', peeringStatus: 'deleted' })),
        ],
      },
      findings: [{ resourceId: 'sg-db', key: 'ingress:tcp:5432:sg-0peer', message: /through peering pcx-0old, whose peering status is "deleted": the reference is stale/, details: { reason: 'stale-peering' } }],
    },
    {
      name: 'a multi-account snapshot: a missing group of another account we do hold',
      snapshot: {
        securityGroups: [withIngress(owned(sg('sg-db'), '111111111111'), ref('sg-db', { groupId: 'sg-0old', userId: '222222222222' })), owned(sg('sg-shared'), '222222222222')],
      },
      findings: [{ resourceId: 'sg-db', message: 'of account 222222222222' }],
    },
    {
      name: 'an egress reference counts too',
      snapshot: { securityGroups: [{ ...sg('sg-app'), egress: [sgRule('sg-app', 'egress', { proto: 'tcp', ports: 6379, group: 'sg-0cache' })] }] },
      findings: [{ resourceId: 'sg-app', key: 'egress:tcp:6379:sg-0cache' }],
    },
  ],
});
