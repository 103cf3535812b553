import type { FlowResult, Hop, RuleRef } from '../../src/engine/types.js';

/** Literal engine results for reporter tests: web (10.0.1.10) → db (10.0.2.20) on tcp 5432. */

const SGS_FILE = 'exports/security-groups.json';
const ACLS_FILE = 'exports/network-acls.json';

const sgWebAllAll: RuleRef = {
  component: 'security-group',
  ownerId: 'sg-web',
  ruleId: 'sgr-1',
  action: 'allow',
  protocol: 'all',
  peer: '0.0.0.0/0',
  ports: 'all',
  isDefault: false,
  source: { file: SGS_FILE, pointer: '/SecurityGroups/0/IpPermissionsEgress/0/IpRanges/0', line: 42 },
};

const sgDbFromWeb: RuleRef = {
  component: 'security-group',
  ownerId: 'sg-db',
  action: 'allow',
  protocol: 'tcp',
  peer: 'sg-web',
  ports: '5432',
  description: 'postgres from web',
  isDefault: false,
  source: { file: SGS_FILE, pointer: '/SecurityGroups/1/IpPermissions/0/UserIdGroupPairs/0', line: 77 },
};

const nacl = (ownerId: string, number: number, action: 'allow' | 'deny', protocol: string, peer: string, ports: string, line?: number): RuleRef => ({
  component: 'nacl',
  ownerId,
  number,
  action,
  protocol,
  peer,
  ports,
  isDefault: number >= 32767,
  source: { file: ACLS_FILE, pointer: `/NetworkAcls/${ownerId === 'acl-1' ? 0 : 1}/Entries/${number}`, ...(line !== undefined ? { line } : {}) },
});

const request: Hop[] = [
  { leg: 'request', component: 'security-group', ids: ['sg-web'], direction: 'egress', at: 'eni-web', decision: 'allow', ports: [[5432, 5432]], segments: [{ ports: [[5432, 5432]], decision: 'allow', rules: [sgWebAllAll] }] },
  { leg: 'request', component: 'nacl', ids: ['acl-1'], direction: 'outbound', at: 'subnet-a', decision: 'allow', ports: [[5432, 5432]], segments: [{ ports: [[5432, 5432]], decision: 'allow', rules: [nacl('acl-1', 100, 'allow', 'tcp', '10.0.2.0/24', '5432', 10)] }] },
  { leg: 'request', component: 'nacl', ids: ['acl-2'], direction: 'inbound', at: 'subnet-b', decision: 'allow', ports: [[5432, 5432]], segments: [{ ports: [[5432, 5432]], decision: 'allow', rules: [nacl('acl-2', 100, 'allow', 'tcp', '10.0.1.0/24', '5432', 30)] }] },
  { leg: 'request', component: 'security-group', ids: ['sg-db'], direction: 'ingress', at: 'eni-db', decision: 'allow', ports: [[5432, 5432]], segments: [{ ports: [[5432, 5432]], decision: 'allow', rules: [sgDbFromWeb] }] },
];

const stateful = (at: string, ids: string[], direction: 'egress' | 'ingress'): Hop => ({
  leg: 'reply',
  component: 'security-group',
  ids,
  direction,
  at,
  decision: 'stateful',
  ports: [],
  segments: [],
  note: 'security groups are stateful: the reply to an allowed request needs no rule',
});

const base = {
  query: { from: 'eni-web', to: '10.0.2.20', protocol: 'tcp', port: 5432 },
  from: { ref: 'eni-web', kind: 'eni', address: '10.0.1.10', eniId: 'eni-web', subnetId: 'subnet-a', vpcId: 'vpc-1', groupIds: ['sg-web'], name: 'web-a' },
  to: { ref: '10.0.2.20', kind: 'eni', address: '10.0.2.20', eniId: 'eni-db', subnetId: 'subnet-b', vpcId: 'vpc-1', groupIds: ['sg-db'], name: 'db-a', resolution: 'address 10.0.2.20 → interface eni-db' },
  protocol: 'tcp',
  port: 5432,
} as const;

export const reachable: FlowResult = {
  ...base,
  clientPorts: { range: [32768, 60999], profile: 'linux', reason: 'instance i-1 runs Linux/UNIX' },
  verdict: 'reachable',
  request,
  reply: [
    stateful('eni-db', ['sg-db'], 'egress'),
    { leg: 'reply', component: 'nacl', ids: ['acl-2'], direction: 'outbound', at: 'subnet-b', decision: 'allow', ports: [[32768, 60999]], segments: [{ ports: [[32768, 60999]], decision: 'allow', rules: [nacl('acl-2', 100, 'allow', 'tcp', '10.0.1.0/24', '1024-65535', 31)] }] },
    { leg: 'reply', component: 'nacl', ids: ['acl-1'], direction: 'inbound', at: 'subnet-a', decision: 'allow', ports: [[32768, 60999]], segments: [{ ports: [[32768, 60999]], decision: 'allow', rules: [nacl('acl-1', 100, 'allow', 'tcp', '10.0.2.0/24', '1024-65535', 11)] }] },
    stateful('eni-web', ['sg-web'], 'ingress'),
  ],
  returnPorts: { range: [32768, 60999], allowed: [[32768, 60999]], fraction: 1 },
  fixes: [],
  notes: [],
  summary: 'reachable: the request (tcp 5432) is allowed and replies to every client port (32768-60999) get back',
};

/** Replies to 1024-32767 are denied by acl-2 outbound's default deny: a NAT gateway client, half the ports. */
export const partial: FlowResult = {
  ...base,
  clientPorts: { range: [1024, 65535], profile: 'nat-gateway', reason: 'eni-web is a NAT gateway interface (InterfaceType nat_gateway)' },
  verdict: 'partial',
  request,
  reply: [
    stateful('eni-db', ['sg-db'], 'egress'),
    {
      leg: 'reply',
      component: 'nacl',
      ids: ['acl-2'],
      direction: 'outbound',
      at: 'subnet-b',
      decision: 'partial',
      ports: [[1024, 65535]],
      segments: [
        { ports: [[1024, 32767]], decision: 'deny', rules: [nacl('acl-2', 32767, 'deny', 'all', '0.0.0.0/0', 'all', 33)] },
        { ports: [[32768, 65535]], decision: 'allow', rules: [nacl('acl-2', 100, 'allow', 'tcp', '10.0.1.0/24', '32768-65535', 31)] },
      ],
    },
    { leg: 'reply', component: 'nacl', ids: ['acl-1'], direction: 'inbound', at: 'subnet-a', decision: 'allow', ports: [[1024, 65535]], segments: [{ ports: [[1024, 65535]], decision: 'allow', rules: [nacl('acl-1', 100, 'allow', 'tcp', '10.0.2.0/24', '1024-65535', 11)] }] },
    stateful('eni-web', ['sg-web'], 'ingress'),
  ],
  returnPorts: { range: [1024, 65535], allowed: [[32768, 65535]], fraction: 0.5 },
  fixes: [
    {
      component: 'nacl',
      targetId: 'acl-2',
      direction: 'outbound',
      action: 'add-rule',
      rule: { number: 110, action: 'allow', protocol: 'tcp', peer: '10.0.1.0/24', ports: '1024-32767' },
      summary: 'Add rule #110 to acl-2 outbound: allow tcp 1024-32767 → 10.0.1.0/24 (before the implicit deny).',
      command: 'aws ec2 create-network-acl-entry --network-acl-id acl-2 --egress --rule-number 110 --protocol 6 --port-range From=1024,To=32767 --cidr-block 10.0.1.0/24 --rule-action allow',
    },
  ],
  notes: ['Routing (route tables, gateways) is not evaluated.'],
  summary: 'partial: replies to client ports 1024-32767 are denied by acl-2 outbound (subnet-b); 50% of connections from 1024-65535 fail',
};

/** The request is denied by acl-1 outbound; a security group rule description carries terminal escapes. */
export const unreachable: FlowResult = {
  ...base,
  query: { ...base.query, port: 22 },
  port: 22,
  clientPorts: { range: [1024, 65535], profile: 'any', reason: 'nothing in the snapshot tells the client’s operating system' },
  verdict: 'unreachable',
  request: [
    {
      ...request[0]!,
      ports: [[22, 22]],
      segments: [{ ports: [[22, 22]], decision: 'allow', rules: [{ ...sgWebAllAll, description: 'evil \u001b]0;pwned\u0007\u001b[2J\u009b31m\u202etxt\nnext' }] }],
    },
    { leg: 'request', component: 'nacl', ids: ['acl-1'], direction: 'outbound', at: 'subnet-a', decision: 'deny', ports: [[22, 22]], segments: [{ ports: [[22, 22]], decision: 'deny', rules: [nacl('acl-1', 32767, 'deny', 'all', '0.0.0.0/0', 'all')] }] },
    { leg: 'request', component: 'nacl', ids: ['acl-2'], direction: 'inbound', at: 'subnet-b', decision: 'deny', ports: [[22, 22]], segments: [{ ports: [[22, 22]], decision: 'deny', rules: [{ component: 'nacl', ownerId: 'acl-2', action: 'deny', protocol: 'all', peer: 'any', ports: 'all', isDefault: true, description: 'no rule matches: implicit deny' }] }] },
    { leg: 'request', component: 'security-group', ids: ['sg-db', 'sg-extra'], direction: 'ingress', at: 'eni-db', decision: 'deny', ports: [[22, 22]], segments: [{ ports: [[22, 22]], decision: 'deny', rules: [{ component: 'security-group', ownerId: 'sg-db,sg-extra', action: 'deny', protocol: 'all', peer: 'any', ports: 'all', isDefault: true, description: 'no rule of these groups allows it' }] }] },
  ],
  reply: [],
  returnPorts: { range: [1024, 65535], allowed: [], fraction: 0 },
  fixes: [],
  notes: [],
  summary: 'unreachable: the request (tcp 22) is denied by acl-1 outbound (subnet-a)',
};
