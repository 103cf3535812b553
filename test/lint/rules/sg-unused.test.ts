import { sgUnused } from '../../../src/lint/rules/sg-unused.js';
import { eni, sg } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(sgUnused, {
  valid: [
    { name: 'every group is on some interface', snapshot: { enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-web']), eni('eni-2', 'subnet-a', '10.0.1.11', ['sg-db'])], securityGroups: [sg('sg-web'), sg('sg-db')] } },
    { name: 'a groups-only export cannot tell what is attached', snapshot: { securityGroups: [sg('sg-web'), sg('sg-db')] } },
    { name: 'the default group cannot be deleted, attached or not', snapshot: { enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-web'])], securityGroups: [sg('sg-web'), sg('sg-0def', { name: 'default', egress: [] })] } },
  ],
  invalid: [
    {
      name: 'a group left behind by a decommissioned service',
      snapshot: { enis: [eni('eni-1', 'subnet-a', '10.0.1.10', ['sg-web'])], securityGroups: [sg('sg-web'), sg('sg-0old', { name: 'old-batch' })] },
      findings: [{ resourceId: 'sg-0old', key: 'unattached', message: /sg-0old \(old-batch\) is attached to none of the snapshot's 1 network interfaces/, fix: 'Delete sg-0old' }],
    },
    {
      name: 'an unattached group that others reference names them (AWS refuses to delete it until they go)',
      snapshot: {
        enis: [eni('eni-1', 'subnet-a', '10.0.2.10', ['sg-db'])],
        securityGroups: [sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-app' }] }), sg('sg-app')],
      },
      findings: [{ resourceId: 'sg-app', message: 'sg-db references it', details: { referencedBy: ['sg-db'] } }],
    },
  ],
});
