// Security group rules, and the order of NACL rules, from field values an infrastructure-as-code importer has
// already read (Terraform plans, CloudFormation templates). Each importer reads its own field names, unknown
// values and references, and words its own problems; what AWS makes of the values read is the same for both.
import { ICMP, ICMPV6, TCP, UDP } from '../model/protocol.js';
import type { NaclRule, SgRule } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import type { Problems } from './document-import.js';
import { compact } from './fields.js';
import { labelled } from './labelled-problems.js';
import { readIcmpValue, readPortRange } from './values.js';

/** What a security group rule lets through. */
export type Traffic = Pick<SgRule, 'protocol' | 'ports' | 'icmp'>;

/** A rule's two port fields, as read; `undefined` where a field is absent. */
export interface PortValues {
  readonly from: number | undefined;
  readonly to: number | undefined;
}

/** The port fields' names and places, for messages (`from_port`, `FromPort`). */
export interface PortFields {
  readonly from: string;
  readonly to: string;
  readonly fromAt: SourceLocation;
  readonly toAt: SourceLocation;
}

/**
 * A security group rule's protocol with what AWS reads from its port fields: a port range for TCP/UDP, the
 * ICMP type (from) and code (to) for ICMP(v6), nothing for other protocols. `portValues` is called only
 * when the fields count, so an importer reports an unreadable port only then; it returns undefined when
 * it could not read them (and has said why). `at` is the rule, `label` names it in messages.
 */
export function sgTraffic(
  protocol: number,
  portValues: () => PortValues | undefined,
  fields: PortFields,
  at: SourceLocation,
  label: string,
  problems: Problems,
): Traffic | undefined {
  if (protocol !== TCP && protocol !== UDP && protocol !== ICMP && protocol !== ICMPV6) return { protocol };
  const values = portValues();
  if (values === undefined) return undefined;
  const { from, to } = values;
  if (protocol === TCP || protocol === UDP) {
    const ports = labelled(label, problems, (p) => readPortRange(from, to, at, fields, p));
    return ports && { protocol, ports };
  }
  return labelled(label, problems, (p) => ({
    protocol,
    icmp: {
      type: readIcmpValue(from, fields.fromAt, `${fields.from} (ICMP type)`, 'type', p),
      code: readIcmpValue(to, fields.toAt, `${fields.to} (ICMP code)`, 'code', p),
    },
  }));
}

/** An SgRule's fields, its traffic as sgTraffic reads it. */
export type SgRuleFields = Omit<SgRule, keyof Traffic> & { readonly traffic: Traffic };

/** One SgRule, without the fields that are absent. */
export function sgRuleRecord(f: SgRuleFields): SgRule {
  return compact({ groupId: f.groupId, direction: f.direction, ...f.traffic, peer: f.peer, description: f.description, ruleId: f.ruleId, source: f.source });
}

/**
 * A NACL direction's rules in the order AWS evaluates them (by rule number). AWS rejects a second rule with
 * the same number in one direction: each such rule goes to `reportReuse` with the rule before it, for the
 * importer to word the problem in its own terms.
 */
export function sortNaclRules(rules: readonly NaclRule[], reportReuse: (rule: NaclRule, previous: NaclRule) => void): NaclRule[] {
  const sorted = [...rules].sort((a, b) => a.number - b.number);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const rule = sorted[i]!;
    if (previous.number === rule.number) reportReuse(rule, previous);
  }
  return sorted;
}
