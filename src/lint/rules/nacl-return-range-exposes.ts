import { isWorld } from '../../net/address.js';
import { IntervalSet } from '../../net/interval-set.js';
import { PROTOCOL_ALL, TCP, UDP, protocolName } from '../../model/protocol.js';
import type { Eni, Nacl, NaclRule, SgRule } from '../../model/snapshot.js';
import { sgPeerText } from '../../engine/describe.js';
import { naclRuleAddresses, protocolMatches, ruleKeys } from '../../engine/match.js';
import { evaluateNacl } from '../../engine/nacl.js';
import { isReturnRange } from '../return-range.js';
import { naclResource, ruleText, trafficText } from '../finding-text.js';
import { enisInSubnets, naclSubnetIds } from '../nacl-scope.js';
import { largestFreeNumberBefore } from '../rule-numbers.js';
import { admitsFromEverywhere } from '../sg-admission.js';
import { proposedRuleText, type ProposedNumbers } from '../proposed-numbers.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/**
 * An inbound return rule from the world (1024-65535, all ports, protocol -1) is harmless on its own — it
 * is what a stateless NACL needs for replies — and is flagged only when an interface behind it really
 * listens: a security group admits an admin port from that world CIDR, and the return rule is what
 * decides that port at the NACL.
 */
export const naclReturnRangeExposes: LintRule = {
  meta: {
    id: 'nacl-return-range-exposes',
    severity: 'warning',
    summary: 'An inbound NACL return rule from 0.0.0.0/0 or ::/0 is all that stands between the internet and an admin port a security group opens to the world.',
    rationale:
      'The ephemeral-port return rule also matches new connections to any port in its range. When a security group behind it admits an administrative or database port from the world, the NACL adds no defence for that port.',
    docs: 'docs/rules/nacl-return-range-exposes.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    if (ctx.settings.adminPorts.length === 0) return findings;
    for (const nacl of ctx.snapshot.nacls) {
      const enis = enisInSubnets(ctx.index, naclSubnetIds(ctx.index, nacl));
      if (enis.length === 0) continue;
      for (const rule of nacl.inbound) {
        if (rule.action !== 'allow' || rule.isDefaultDeny || !isWorld(rule.cidr)) continue;
        if (rule.protocol !== PROTOCOL_ALL && rule.protocol !== TCP && rule.protocol !== UDP) continue;
        if (!isReturnRange(rule)) continue;
        const protocols = rule.protocol === PROTOCOL_ALL ? [TCP, UDP] : [rule.protocol];
        const exposures: Exposure[] = [];
        for (const protocol of protocols) {
          for (const port of [...new Set(ctx.settings.adminPorts)].sort((a, b) => a - b)) {
            if (!ruleKeys(rule).has(port) || !decides(nacl.inbound, rule, protocol, port)) continue;
            const exposed = enis.flatMap((eni) => {
              const admission = admitsFromEverywhere(ctx.index, eni.groupIds, 'ingress', protocol, port, rule.cidr.family);
              return admission.admits ? [{ eni, rules: admission.rules }] : [];
            });
            if (exposed.length > 0) exposures.push({ protocol, port, exposed });
          }
        }
        if (exposures.length > 0) findings.push(finding(ctx.proposed, nacl, rule, exposures));
      }
    }
    return findings;
  },
};

/** Whether the return rule is the first match for `port` from some address of its world CIDR. */
function decides(list: readonly NaclRule[], rule: NaclRule, protocol: number, port: number): boolean {
  const segments = evaluateNacl(list, { protocol, family: rule.cidr.family, addresses: naclRuleAddresses(rule), keys: IntervalSet.of(port) });
  return segments.some((s) => s.rule === rule);
}

interface Exposure {
  readonly protocol: number;
  readonly port: number;
  readonly exposed: readonly { readonly eni: Eni; readonly rules: readonly SgRule[] }[];
}

/** More denies than this would not fit the 20-rule quota next to the rules a NACL already has. */
const MAX_DENIES = 3;

/** One finding per return rule, listing every admin port it exposes (one per port would drown the report). */
function finding(proposed: ProposedNumbers, nacl: Nacl, rule: NaclRule, exposures: readonly Exposure[]): FindingDraft {
  const groupRules = [...new Set(exposures.flatMap((x) => x.exposed.flatMap((e) => e.rules)))];
  const groups = [...new Set(groupRules.map((r) => r.groupId))];
  const eniIds = [...new Set(exposures.flatMap((x) => x.exposed.map((e) => e.eni)))].map((e) => `${e.id}${e.subnetId ? ` (${e.subnetId})` : ''}`);
  const shownEnis = eniIds.length > 3 ? `${eniIds.slice(0, 3).join(', ')} and ${eniIds.length - 3} more` : eniIds.join(', ');
  const ports = exposures.map((x) => `${protocolName(x.protocol)} ${x.port}`);
  const shownPorts = ports.length > 6 ? `${ports.slice(0, 6).join(', ')} and ${ports.length - 6} more` : ports.join(', ');
  const cidrFlag = rule.cidr.family === 6 ? '--ipv6-cidr-block' : '--cidr-block';
  // Denies numbered right below the return rule, each after any earlier rule that overlaps its port.
  const denies: { number?: number; protocol: number; port: number }[] = [];
  if (exposures.length <= MAX_DENIES) {
    let list = nacl.inbound;
    for (const x of exposures) {
      const proposal = proposedRuleText({ action: 'deny', protocol: protocolName(x.protocol), ports: String(x.port), peer: rule.cidr.text });
      const number = largestFreeNumberBefore(
        list,
        rule.number,
        (r) => r.cidr.family === rule.cidr.family && protocolMatches(r.protocol, x.protocol) && ruleKeys(r).has(x.port),
        proposed.takenBy(nacl.id, false, proposal),
      );
      proposed.claim(nacl.id, false, number, proposal);
      denies.push({ ...(number !== undefined ? { number } : {}), protocol: x.protocol, port: x.port });
      if (number !== undefined) list = [...list, { ...rule, number, action: 'deny' as const, protocol: x.protocol, ports: { from: x.port, to: x.port } }].sort((a, b) => a.number - b.number);
    }
  }
  const inClientRange = exposures.some((x) => x.port >= 1024)
    ? ' (a deny for a port of 1024 or more also drops replies to this subnet’s own clients that pick it as source port — rare, but closing the group rule is the cleaner fix)'
    : '';
  const closeGroups = `close the port${exposures.length === 1 ? '' : 's'} to the world in ${groups.join(', ')}`;
  const todo =
    denies.length === 0
      ? `${closeGroups[0]!.toUpperCase()}${closeGroups.slice(1)}: one NACL deny per port (${exposures.length}) would not fit the NACL's rule quota.`
      : denies.some((d) => d.number === undefined)
        ? `Add an inbound deny for ${ports.join(', ')} from ${rule.cidr.text} before #${rule.number} (no number is free: renumber first), and ${closeGroups}.`
        : `${denies.map((d) => `Add rule #${d.number} to ${nacl.id} inbound: deny ${protocolName(d.protocol)} ${d.port} from ${rule.cidr.text}.`).join(' ')} Better still, ${closeGroups}${inClientRange}.`;
  const commands = denies
    .filter((d) => d.number !== undefined)
    .map((d) => `aws ec2 create-network-acl-entry --network-acl-id ${nacl.id} --ingress --rule-number ${d.number} --protocol ${protocolName(d.protocol)} --port-range From=${d.port},To=${d.port} ${cidrFlag} ${rule.cidr.text} --rule-action deny`);
  return {
    message:
      `${nacl.id} inbound rule ${ruleText(rule)} is a return rule, but it is also the only NACL rule between ${rule.cidr.text} and ${shownPorts} on ${shownEnis}, ` +
      `whose security group${groups.length === 1 ? '' : 's'} ${groups.join(', ')} admit${groups.length === 1 ? 's' : ''} ${exposures.length === 1 ? 'that port' : 'those ports'} from the world ` +
      `(${groupRules.map((r) => `${r.groupId} ingress ${trafficText(r)} from ${sgPeerText(r)}`).join(', ')}): anyone on the internet can reach ${exposures.length === 1 ? 'it' : 'them'}. ${todo}`,
    resource: naclResource(nacl),
    location: rule.source,
    related: groupRules.map((r) => ({ message: `${r.groupId} admits ${trafficText(r)} from ${sgPeerText(r)}`, location: r.source })),
    fix: { summary: todo, ...(commands.length > 0 ? { command: commands.join(' && ') } : {}) },
    key: `inbound:${rule.number}`,
    details: {
      ruleNumber: rule.number,
      cidr: rule.cidr.text,
      ports: exposures.map((x) => ({ protocol: protocolName(x.protocol), port: x.port, enis: x.exposed.map((e) => e.eni.id) })),
      enis: [...new Set(exposures.flatMap((x) => x.exposed.map((e) => e.eni.id)))],
      groups,
      ...(denies.length > 0 ? { denyRuleNumbers: denies.map((d) => d.number ?? null) } : {}),
    },
  };
}
