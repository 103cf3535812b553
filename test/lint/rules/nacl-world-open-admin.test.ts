import { naclWorldOpenAdmin } from '../../../src/lint/rules/nacl-world-open-admin.js';
import { nacl } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(naclWorldOpenAdmin, {
  valid: [
    {
      name: 'the classic return range inbound 1024-65535 from 0.0.0.0/0 is not an admin rule',
      snapshot: { nacls: [nacl('acl-public', { subnetIds: ['subnet-a'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }] })] },
    },
    {
      name: "the default NACL's allow-all (100 and 101) is a return range, judged elsewhere",
      snapshot: { nacls: [nacl('acl-default', { isDefault: true, ipv6: true, inbound: [{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }], outbound: [{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }] })] },
    },
    {
      name: 'the Linux client range 32768-65535 is a return range too',
      snapshot: { nacls: [nacl('acl-private', { inbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }] })] },
    },
    { name: 'SSH from the office CIDR is not from the world', snapshot: { nacls: [nacl('acl-1', { inbound: [{ n: 100, proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] })] } },
    {
      // checkov example_NetworkACLUnrestrictedIngress22/main.tf, aws_network_acl.pass2: deny 22 from the world.
      name: 'a deny for SSH from the world is the fix, not the problem (checkov pass2)',
      snapshot: { nacls: [nacl('acl-pass2', { inbound: [{ n: 100, action: 'deny', proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: 3389, cidr: '10.0.0.0/32' }] })] },
    },
    {
      // Same file, aws_network_acl.pass3: denies 20-22 and 3389 from the world, then allows all (-1).
      name: 'checkov pass3: denies before an allow-all',
      snapshot: {
        nacls: [nacl('acl-pass3', { inbound: [{ n: 10, action: 'deny', proto: 'tcp', ports: [20, 22], cidr: '0.0.0.0/0' }, { n: 20, action: 'deny', proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }, { n: 100, proto: '-1', cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      // Same file, aws_network_acl.fail4 and aws_network_acl_rule.public_ingress: an allow-all (-1) first. checkov fails
      // them; synack deliberately does not here — allow-all is a return range, whose exposure depends on the groups.
      name: 'checkov fail4 (allow -1 numbered before the denies) is a return-range question, not this rule',
      snapshot: {
        nacls: [nacl('acl-fail4', { inbound: [{ n: 10, proto: '-1', cidr: '0.0.0.0/0' }, { n: 20, action: 'deny', proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }, { n: 30, action: 'deny', proto: 'tcp', ports: [20, 22], cidr: '0.0.0.0/0' }] })],
      },
    },
    { name: 'an allow for SSH shadowed by an earlier deny from the world decides nothing', snapshot: { nacls: [nacl('acl-1', { inbound: [{ n: 90, action: 'deny', proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }, { n: 100, proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] } },
    { name: 'outbound SSH to the world is not inbound exposure', snapshot: { nacls: [nacl('acl-1', { outbound: [{ n: 100, proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] } },
  ],
  invalid: [
    {
      // checkov example_NetworkACLUnrestrictedIngress22/main.tf, aws_network_acl_rule.fail
      name: 'inbound allow tcp 22 from 0.0.0.0/0 (checkov aws_network_acl_rule.fail)',
      snapshot: { nacls: [nacl('acl-1', { subnetIds: ['subnet-a'], inbound: [{ n: 200, proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-1', key: 'inbound:200', message: /inbound rule 200 allows tcp 22 from 0\.0\.0\.0\/0 and is the first match for tcp admin port 22 \(SSH\).*subnet-a.*numbered below 200/, details: { adminPorts: [22] } }],
    },
    {
      // checkov aws_network_acl.fail3: ::/0 on 22 (rule 100) and 0.0.0.0/0 on 3389 (rule 110)
      name: 'SSH from ::/0 and RDP from 0.0.0.0/0 are two findings (checkov fail3)',
      snapshot: { nacls: [nacl('acl-fail3', { ipv6: true, inbound: [{ n: 100, proto: 'tcp', ports: 22, cidr: '::/0' }, { n: 110, proto: 'tcp', ports: 3389, cidr: '0.0.0.0/0' }] })] },
      findings: [
        { resourceId: 'acl-fail3', key: 'inbound:100', message: 'from any IPv6 address' },
        { resourceId: 'acl-fail3', key: 'inbound:110', message: '3389 (RDP)' },
      ],
    },
    {
      // checkov aws_network_acl_rule.fail2: tcp 5-25 from the world
      name: 'a narrow range containing SSH and Telnet (checkov fail2: tcp 5-25)',
      snapshot: { nacls: [nacl('acl-1', { inbound: [{ n: 200, proto: 'tcp', ports: [5, 25], cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-1', key: 'inbound:200', message: '22 (SSH), 23 (Telnet)', details: { adminPorts: [22, 23] } }],
    },
    {
      name: 'only the admin ports the rule decides are listed: an earlier deny takes SSH',
      snapshot: { nacls: [nacl('acl-1', { inbound: [{ n: 90, action: 'deny', proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }, { n: 100, proto: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-1', key: 'inbound:100', details: { adminPorts: [23, 135, 139, 445] } }],
    },
    {
      name: 'a deny for one abusive network leaves the rest of the world on the allow',
      snapshot: { nacls: [nacl('acl-1', { inbound: [{ n: 90, action: 'deny', proto: 'tcp', ports: 22, cidr: '198.51.100.0/24' }, { n: 100, proto: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-1', key: 'inbound:100' }],
    },
    {
      name: 'PostgreSQL over a world-open NACL rule in a database subnet',
      snapshot: { nacls: [nacl('acl-db', { subnetIds: ['subnet-db1', 'subnet-db2'], inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }] })] },
      findings: [{ resourceId: 'acl-db', key: 'inbound:100', message: 'subnets subnet-db1, subnet-db2' }],
    },
  ],
});
