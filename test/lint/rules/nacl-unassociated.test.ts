import { naclUnassociated } from '../../../src/lint/rules/nacl-unassociated.js';
import { ALLOW_ALL, nacl, subnet } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(naclUnassociated, {
  valid: [
    { name: 'a custom NACL associated with its subnet', snapshot: { subnets: [subnet('subnet-a', '10.0.1.0/24')], nacls: [nacl('acl-1', { subnetIds: ['subnet-a'], inbound: ALLOW_ALL, outbound: ALLOW_ALL })] } },
    { name: 'the default NACL serves unassociated subnets implicitly', snapshot: { subnets: [subnet('subnet-a', '10.0.1.0/24')], nacls: [nacl('acl-default', { isDefault: true, inbound: ALLOW_ALL, outbound: ALLOW_ALL })] } },
  ],
  invalid: [
    {
      name: 'a custom NACL written but never associated, while a subnet still runs on the default',
      snapshot: {
        subnets: [subnet('subnet-a', '10.0.1.0/24'), subnet('subnet-b', '10.0.2.0/24')],
        nacls: [nacl('acl-default', { isDefault: true, subnetIds: ['subnet-b'], inbound: ALLOW_ALL, outbound: ALLOW_ALL }), nacl('acl-private', { inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.0.0/16' }] })],
      },
      findings: [{ resourceId: 'acl-private', key: 'unassociated', message: /acl-private in vpc-1 is associated with no subnet.*Subnets subnet-a, subnet-b of vpc-1 still use the default NACL/ }],
    },
    { name: 'a custom NACL alone in its VPC', snapshot: { nacls: [nacl('acl-orphan', {})] }, findings: [{ resourceId: 'acl-orphan', message: 'filter nothing', details: { subnetsOnDefaultNacl: [] } }] },
  ],
});
