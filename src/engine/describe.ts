import type { NaclRule, SgRule } from '../model/snapshot.js';
import { describeKeys, describeProtocol } from './match.js';
import type { RuleRef } from './types.js';

export function naclRuleRef(rule: NaclRule): RuleRef {
  return {
    component: 'nacl',
    ownerId: rule.naclId,
    number: rule.number,
    action: rule.action,
    protocol: describeProtocol(rule.protocol),
    peer: rule.cidr.text,
    ports: describeKeys(rule),
    isDefault: rule.isDefaultDeny,
    source: rule.source,
  };
}

/** What decides packets that no NACL rule matches; exports normally show it as rule 32767/32768. */
export function naclImplicitDeny(naclId: string): RuleRef {
  return { component: 'nacl', ownerId: naclId, action: 'deny', protocol: 'all', peer: 'any', ports: 'all', isDefault: true, description: 'no rule matches: implicit deny' };
}

export function sgPeerText(rule: SgRule): string {
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr':
      return p.cidr.text;
    case 'prefix-list':
      return p.prefixListId;
    case 'group':
      return p.peeringConnectionId ? `${p.groupId} (via ${p.peeringConnectionId})` : p.groupId;
  }
}

export function sgRuleRef(rule: SgRule): RuleRef {
  return {
    component: 'security-group',
    ownerId: rule.groupId,
    ...(rule.ruleId !== undefined ? { ruleId: rule.ruleId } : {}),
    action: 'allow',
    protocol: describeProtocol(rule.protocol),
    peer: sgPeerText(rule),
    ports: describeKeys(rule),
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    isDefault: false,
    source: rule.source,
  };
}

export function sgImplicitDeny(groupIds: readonly string[]): RuleRef {
  return {
    component: 'security-group',
    ownerId: groupIds.join(',') || '(no groups)',
    action: 'deny',
    protocol: 'all',
    peer: 'any',
    ports: 'all',
    isDefault: true,
    description: 'no rule of these groups allows it',
  };
}
