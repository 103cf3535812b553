/** How nacl-return-missing and nacl-return-partial word a reply gap: the texts and the finding they share. */
import { formatPortSet } from '../net/ports.js';
import { protocolName } from '../model/protocol.js';
import type { NaclRule } from '../model/snapshot.js';
import { describeAddresses } from './address-sets.js';
import { directionText, naclResource, ruleText } from './finding-text.js';
import type { ReplyGap } from './reply-gaps.js';
import type { FindingDraft } from './types.js';

/** The finding of a gap; the rules add their message and the details only they give. */
export function gapFinding(gap: ReplyGap, message: string, details: Record<string, unknown>): FindingDraft {
  return {
    message,
    resource: naclResource(gap.nacl),
    location: gap.service.source,
    related: gapRelated(gap),
    fix: gap.fix,
    key: gapKey(gap),
    details: { ...gapDetails(gap), ...details },
  };
}

/** `rule #32767 (the default deny)`, `rules #90 (…) and #32767 (…)`, or `the implicit deny`. */
export function blockersText(blockers: ReplyGap['blockers']): string {
  const texts = blockers.map((b) => (b.rule ? `rule ${ruleText(b.rule)}` : 'the implicit deny (no rule matches)'));
  return [...new Set(texts)].join(' and ');
}

/** The sentence shared by both reply rules: which service, which peers. */
export function serviceText(gap: ReplyGap): string {
  const s = gap.service;
  const peers = describeAddresses(gap.family, gap.peers);
  const proto = protocolName(gap.protocol);
  const ports = formatPortSet(gap.serviceKeys);
  return s.egress
    ? `${gap.nacl.id} allows outbound ${proto} ${ports} to ${s.cidr.text} (rule #${s.number}) but denies inbound replies from ${peers}`
    : `${gap.nacl.id} allows inbound ${proto} ${ports} from ${s.cidr.text} (rule #${s.number}) but denies outbound replies to ${peers}`;
}

function gapKey(gap: ReplyGap): string {
  return `${directionText(gap.service.egress)}:${gap.service.number}:${describeAddresses(gap.family, gap.peers)}`;
}

function gapDetails(gap: ReplyGap): Record<string, unknown> {
  return {
    protocol: protocolName(gap.protocol),
    ports: formatPortSet(gap.serviceKeys),
    serviceRule: gap.service.number,
    direction: directionText(gap.service.egress),
    peer: describeAddresses(gap.family, gap.peers),
    clientRange: [gap.client.range[0], gap.client.range[1]],
    clientProfile: gap.client.profile,
    clientRangeReason: gap.client.reason,
    deniedRanges: gap.denied.toNumberRanges(),
    deniedShare: Math.round(gap.deniedShare * 1e6) / 1e6,
    deniedBy: gap.blockers.map((b) => b.rule?.number ?? 'implicit'),
  };
}

function gapRelated(gap: ReplyGap): { message: string; location: NaclRule['source'] }[] {
  return gap.blockers.flatMap((b) => (b.rule ? [{ message: `rule ${ruleText(b.rule)} denies the replies on ${formatPortSet(b.keys)}`, location: b.rule.source }] : []));
}
