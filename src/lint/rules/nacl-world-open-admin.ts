import { describeKeys, describeProtocol, familyUniverse, ruleKeys } from '../../engine/match.js';
import { evaluateNacl } from '../../engine/nacl.js';
import { TCP, UDP } from '../../model/protocol.js';
import type { Nacl, NaclRule } from '../../model/snapshot.js';
import { isWorld } from '../../net/address.js';
import { IntervalSet } from '../../net/interval-set.js';
import { isReturnRange } from '../return-range.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { describeAdminPorts, portSetOf } from '../world-exposure.js';

/**
 * Only service-shaped rules are judged here: a rule whose ports read as a return range (1024-65535, all
 * ports, protocol -1) is what a stateless NACL needs for replies, and whether it exposes admin ports
 * depends on the security groups behind it — another rule's question.
 */
export const naclWorldOpenAdmin: LintRule = {
  meta: {
    id: 'nacl-world-open-admin',
    severity: 'error',
    summary: 'An inbound NACL allow from 0.0.0.0/0 or ::/0 is the rule that decides traffic to an administrative or database port.',
    rationale:
      'A NACL rule written for SSH, RDP or a database and opened to the world removes the subnet-level defence for exactly those ports, leaving one security group rule between the service and the internet.',
    docs: 'docs/rules/nacl-world-open-admin.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    const admin = portSetOf(ctx.settings.adminPorts);
    if (admin.isEmpty()) return findings;
    for (const nacl of ctx.snapshot.nacls) {
      const clientRanges = clientRangesFor(ctx, nacl);
      for (const rule of nacl.inbound) {
        if (rule.action !== 'allow' || rule.isDefaultDeny || !isWorld(rule.cidr)) continue;
        if (rule.protocol !== TCP && rule.protocol !== UDP) continue;
        if (isReturnRange(rule, clientRanges)) continue;
        const decided = decidedAdminPorts(nacl.inbound, rule, admin);
        if (decided.length === 0) continue;
        findings.push(finding(nacl, rule, decided));
      }
    }
    return findings;
  },
};

/** Admin ports for which `rule` is the first match for some address of the world. */
function decidedAdminPorts(list: readonly NaclRule[], rule: NaclRule, admin: IntervalSet): number[] {
  const keys = ruleKeys(rule).intersect(admin);
  if (keys.isEmpty()) return [];
  const segments = evaluateNacl(list, { protocol: rule.protocol, family: rule.cidr.family, addresses: familyUniverse(rule.cidr.family), keys });
  let decided = IntervalSet.EMPTY;
  for (const s of segments) if (s.rule === rule && s.action === 'allow') decided = decided.union(s.keys);
  return decided.toNumberRanges().flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
}

function clientRangesFor(ctx: LintContext, nacl: Nacl): (readonly [number, number])[] {
  const choices = [ctx.settings.clientPortsFor({}), ...nacl.subnetIds.map((subnetId) => ctx.settings.clientPortsFor({ subnetId, tags: ctx.index.subnets.get(subnetId)?.tags ?? {} }))];
  return choices.flatMap((c) => (c ? [c.range] : []));
}

function finding(nacl: Nacl, rule: NaclRule, ports: number[]): FindingDraft {
  const proto = describeProtocol(rule.protocol);
  const where = nacl.subnetIds.length > 0 ? `subnet${nacl.subnetIds.length === 1 ? '' : 's'} ${nacl.subnetIds.join(', ')}` : 'any subnet it gets associated with';
  const family = rule.cidr.family === 6 ? 'IPv6' : 'IPv4';
  const listed = describeAdminPorts(ports);
  return {
    message:
      `NACL ${nacl.id} inbound rule ${rule.number} allows ${proto} ${describeKeys(rule)} from ${rule.cidr.text} and is the first match for ${proto} ` +
      `${ports.length === 1 ? 'admin port' : 'admin ports'} ${listed} from any ${family} address: the subnet layer lets the internet reach these ports on ${where}, ` +
      `so a single security group rule is all that stands in front of them. Replace ${rule.cidr.text} with the administrators' CIDR, or add an inbound deny for ` +
      `${proto} ${ports.length === 1 ? ports[0] : 'these ports'} from ${rule.cidr.text} numbered below ${rule.number}.`,
    resource: { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) },
    location: rule.source,
    key: `inbound:${rule.number}`,
    fix: {
      summary: `Narrow rule ${rule.number} to the administrators' CIDR.`,
      command:
        `aws ec2 replace-network-acl-entry --network-acl-id ${nacl.id} --ingress --rule-number ${rule.number} --protocol ${rule.protocol} ` +
        `--port-range From=${rule.ports?.from ?? 0},To=${rule.ports?.to ?? 65535} --rule-action allow --${rule.cidr.family === 6 ? 'ipv6-cidr-block' : 'cidr-block'} <admin-cidr>`,
    },
    details: { ruleNumber: rule.number, protocol: proto, cidr: rule.cidr.text, adminPorts: ports },
  };
}
