import { naclReturnMissing } from '../../../src/lint/rules/nacl-return-missing.js';
import { ALLOW_ALL, eni, instance, nacl, sg, subnet, vpc } from '../../helpers/model.js';
import { ruleTester } from '../rule-tester.js';

const net = { vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets: [subnet('subnet-web', '10.0.1.0/24'), subnet('subnet-app', '10.0.2.0/24'), subnet('subnet-db', '10.0.3.0/24')] };

ruleTester(naclReturnMissing, {
  valid: [
    {
      name: 'inbound 443 from the internet with the classic outbound 1024-65535 return rule',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      name: 'the default NACL allows everything both ways',
      snapshot: { ...net, nacls: [nacl('acl-default', { isDefault: true, inbound: ALLOW_ALL, outbound: ALLOW_ALL })] },
    },
    {
      name: 'a protocol -1 allow is a reply rule (it covers every client range), never a service that needs replies',
      snapshot: {
        ...net,
        nacls: [nacl('acl-app', { subnetIds: ['subnet-app'], inbound: [{ n: 100, cidr: '10.0.0.0/16' }], outbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.3.0/24' }] })],
      },
    },
    {
      name: 'an inbound service that no interface of the subnet admits is not a live request',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 8443, cidr: '0.0.0.0/0' }] })],
        securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'])],
      },
    },
    {
      name: 'a service rule an earlier deny takes entirely decides no request',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 90, action: 'deny', proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      name: 'DNS to the Amazon resolver (VPC base + 2) is never filtered, so it needs no inbound return rule',
      snapshot: { ...net, nacls: [nacl('acl-app', { subnetIds: ['subnet-app'], outbound: [{ n: 100, proto: 'udp', ports: 53, cidr: '10.0.0.2/32' }] })] },
    },
    {
      name: 'replies denied for only part of the client range are nacl-return-partial’s finding, not this one',
      snapshot: {
        ...net,
        nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }] })],
      },
    },
    {
      name: 'Linux instances in the subnet are clients on 32768-60999: an inbound return rule for that range is enough for their outbound HTTPS',
      snapshot: {
        ...net,
        nacls: [nacl('acl-app', { subnetIds: ['subnet-app'], inbound: [{ n: 100, proto: 'tcp', ports: [32768, 60999], cidr: '0.0.0.0/0' }], outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })],
        securityGroups: [sg('sg-app')],
        enis: [eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app'], { instanceId: 'i-app' })],
        instances: [instance('i-app', ['eni-app'], { platformDetails: 'Linux/UNIX' })],
      },
    },
  ],
  invalid: [
    {
      name: 'the classic broken return: a custom NACL allows inbound 443 from the internet and has no outbound ephemeral rule',
      snapshot: { ...net, nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] })] },
      findings: [
        {
          resourceId: 'acl-web',
          key: 'inbound:100:0.0.0.0/0',
          message: /^acl-web allows inbound tcp 443 from 0\.0\.0\.0\/0 \(rule #100\) but denies outbound replies to 0\.0\.0\.0\/0 on client ports 1024-65535 \(rule #32767 \(the default deny\)\): clients never get the SYN-ACK\. Client range 1024-65535: .*AWS's advice for unknown clients\. Add rule #\d+ to acl-web outbound: allow tcp 1024-65535 → 0\.0\.0\.0\/0/,
          details: { protocol: 'tcp', ports: '443', peer: '0.0.0.0/0', clientRange: [1024, 65535], deniedRanges: [[1024, 65535]] },
          fix: /^Add rule #\d+ to acl-web outbound: allow tcp 1024-65535 → 0\.0\.0\.0\/0 \(before rule #32767 \(deny\)\)\.$/,
        },
      ],
    },
    {
      name: 'the fix is numbered after the existing outbound rules and before the deny that blocks the replies',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-web', {
            subnetIds: ['subnet-web'],
            inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 140, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
            outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 200, action: 'deny', proto: 'tcp', cidr: '0.0.0.0/0' }],
          }),
        ],
      },
      findings: [{ resourceId: 'acl-web', message: 'rule #200 (deny tcp all ports to 0.0.0.0/0)', fix: 'Add rule #110 to acl-web outbound: allow tcp 1024-65535 → 0.0.0.0/0 (before rule #200 (deny))' }],
    },
    {
      name: 'DNS to an on-premises resolver over UDP 53 needs an inbound UDP return rule (the TCP one does not count)',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-app', {
            subnetIds: ['subnet-app'],
            inbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
            outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 110, proto: 'udp', ports: 53, cidr: '192.168.10.53/32' }],
          }),
        ],
      },
      findings: [
        {
          resourceId: 'acl-app',
          key: 'outbound:110:192.168.10.53/32',
          message: /acl-app allows outbound udp 53 to 192\.168\.10\.53\/32 \(rule #110\) but denies inbound replies from 192\.168\.10\.53\/32 on client ports 1024-65535 .*the subnet's clients never get a response/,
          fix: 'allow udp 1024-65535 ← 192.168.10.53/32',
        },
      ],
    },
    {
      name: 'an inbound service an interface admits is live: the app tier answers the web tier only towards the db subnet',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-app', {
            subnetIds: ['subnet-app'],
            inbound: [{ n: 100, proto: 'tcp', ports: 8080, cidr: '10.0.1.0/24' }],
            outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.3.0/24' }],
          }),
        ],
        securityGroups: [sg('sg-web'), sg('sg-app', { ingress: [{ proto: 'tcp', ports: 8080, group: 'sg-web' }] })],
        enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web']), eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app'])],
      },
      findings: [
        {
          resourceId: 'acl-app',
          message: /acl-app allows inbound tcp 8080 from 10\.0\.1\.0\/24 \(rule #100\) but denies outbound replies to 10\.0\.1\.10\/32/,
          fix: 'allow tcp 1024-65535 → 10.0.1.0/24',
        },
      ],
    },
    {
      name: 'IPv6 clients need their own return rule: the IPv4 one never matches them',
      snapshot: {
        ...net,
        nacls: [
          nacl('acl-web', {
            subnetIds: ['subnet-web'],
            ipv6: true,
            inbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 101, proto: 'tcp', ports: 443, cidr: '::/0' }],
            outbound: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }],
          }),
        ],
      },
      findings: [{ resourceId: 'acl-web', key: 'inbound:101:::/0', message: 'rule #32768 (the default deny)', fix: 'allow tcp 1024-65535 → ::/0' }],
    },
    {
      name: 'a private subnet calling HTTPS through a NAT gateway gets no replies without an inbound ephemeral rule',
      snapshot: {
        ...net,
        nacls: [nacl('acl-app', { subnetIds: ['subnet-app'], inbound: [{ n: 100, proto: 'tcp', ports: 22, cidr: '10.0.0.0/16' }], outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { n: 110, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.0.0/16' }] })],
        securityGroups: [sg('sg-app', { ingress: [{ proto: 'tcp', ports: 22, cidr: '10.0.0.0/16' }] })],
        enis: [eni('eni-app', 'subnet-app', '10.0.2.10', ['sg-app'], { instanceId: 'i-app' })],
        instances: [instance('i-app', ['eni-app'], { platform: 'windows' })],
      },
      findings: [
        {
          resourceId: 'acl-app',
          key: 'outbound:100:0.0.0.0/0',
          message: /on client ports 49152-65535 .*Client range 49152-65535: instance i-app runs Windows/,
          details: { clientRange: [49152, 65535], clientProfile: 'windows' },
          fix: 'Add rule #110',
        },
      ],
    },
  ],
});
