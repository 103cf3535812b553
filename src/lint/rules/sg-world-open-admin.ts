import { ALL_KEYS, describeKeys, describeProtocol, ruleKeys } from '../../engine/match.js';
import { PROTOCOL_ALL, TCP, UDP } from '../../model/protocol.js';
import type { SecurityGroup, SgRule } from '../../model/snapshot.js';
import { isWorld } from '../../net/address.js';
import { IntervalSet } from '../../net/interval-set.js';
import type { FindingDraft, LintContext, LintRule, LintSettings } from '../types.js';

/** What the usual administrative and database ports are; unnamed ports print as numbers. */
export const ADMIN_PORT_NAMES: Readonly<Record<number, string>> = {
  22: 'SSH',
  23: 'Telnet',
  135: 'MS RPC',
  139: 'NetBIOS',
  445: 'SMB',
  1433: 'SQL Server',
  1521: 'Oracle',
  2375: 'Docker API',
  2376: 'Docker API over TLS',
  3306: 'MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL',
  5601: 'Kibana',
  5900: 'VNC',
  5984: 'CouchDB',
  6379: 'Redis',
  7000: 'Cassandra',
  7001: 'Cassandra over TLS',
  8020: 'HDFS',
  8086: 'InfluxDB',
  8888: 'Jupyter',
  9042: 'Cassandra CQL',
  9092: 'Kafka',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  11211: 'Memcached',
  27017: 'MongoDB',
  27018: 'MongoDB',
  50070: 'HDFS NameNode',
};

const LISTED = 10;

/** `22 (SSH), 3389 (RDP)`; long lists are cut after ten ports with the total. */
export function describeAdminPorts(ports: readonly number[]): string {
  const shown = ports.slice(0, LISTED).map((p) => (ADMIN_PORT_NAMES[p] ? `${p} (${ADMIN_PORT_NAMES[p]})` : String(p)));
  return ports.length > LISTED ? `${shown.join(', ')}, … (${ports.length} admin ports in all)` : shown.join(', ');
}

export function portSetOf(ports: readonly number[]): IntervalSet {
  return IntervalSet.from(ports.map((p) => [p, p] as const));
}

export interface WorldExposure {
  /** Admin ports (from the settings) the rule opens, ascending. */
  readonly adminPorts: number[];
  /** Protocol -1, or TCP/UDP 0-65535. */
  readonly allPorts: boolean;
}

/**
 * What an ingress rule from 0.0.0.0/0 or ::/0 exposes to the whole internet, or undefined when it is not
 * world-open TCP/UDP ingress. Admin ports count for TCP and UDP alike (RDP and Memcached speak both).
 * Shared with `sg-world-open`, which reports exactly the world-open rules this one does not.
 */
export function worldExposure(rule: SgRule, settings: LintSettings): WorldExposure | undefined {
  if (rule.direction !== 'ingress' || rule.peer.kind !== 'cidr' || !isWorld(rule.peer.cidr)) return undefined;
  if (rule.protocol !== PROTOCOL_ALL && rule.protocol !== TCP && rule.protocol !== UDP) return undefined;
  const keys = ruleKeys(rule);
  const adminPorts = keys
    .intersect(portSetOf(settings.adminPorts))
    .toNumberRanges()
    .flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
  return { adminPorts, allPorts: rule.protocol === PROTOCOL_ALL || keys.covers(ALL_KEYS) };
}

export function isWorldOpenAdmin(exposure: WorldExposure | undefined): exposure is WorldExposure {
  return exposure !== undefined && (exposure.allPorts || exposure.adminPorts.length > 0);
}

export function sgRuleText(rule: SgRule): string {
  const p = rule.peer;
  const peer = p.kind === 'cidr' ? p.cidr.text : p.kind === 'prefix-list' ? p.prefixListId : p.groupId;
  const ports = describeKeys(rule);
  const what = rule.protocol === PROTOCOL_ALL ? 'all traffic' : `${describeProtocol(rule.protocol)} ${ports === 'all' ? 'all ports' : ports}`;
  return `${what} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}

export function sgRuleKey(rule: SgRule): string {
  const p = rule.peer;
  const peer = p.kind === 'cidr' ? p.cidr.text : p.kind === 'prefix-list' ? p.prefixListId : p.groupId;
  return `${rule.direction}:${describeProtocol(rule.protocol)}:${describeKeys(rule)}:${peer}`;
}

/** `aws ec2 revoke-security-group-ingress|egress …` for one rule: by its sgr- id when known. */
export function revokeCommand(rule: SgRule): string {
  const verb = rule.direction === 'ingress' ? 'revoke-security-group-ingress' : 'revoke-security-group-egress';
  if (rule.ruleId) return `aws ec2 ${verb} --group-id ${rule.groupId} --security-group-rule-ids ${rule.ruleId}`;
  const p = rule.peer;
  const peer =
    p.kind === 'cidr'
      ? p.cidr.family === 4
        ? `IpRanges=[{CidrIp=${p.cidr.text}}]`
        : `Ipv6Ranges=[{CidrIpv6=${p.cidr.text}}]`
      : p.kind === 'prefix-list'
        ? `PrefixListIds=[{PrefixListId=${p.prefixListId}}]`
        : `UserIdGroupPairs=[{GroupId=${p.groupId}}]`;
  const range = rule.ports ? `,FromPort=${rule.ports.from},ToPort=${rule.ports.to}` : rule.icmp ? `,FromPort=${rule.icmp.type},ToPort=${rule.icmp.code}` : '';
  return `aws ec2 ${verb} --group-id ${rule.groupId} --ip-permissions 'IpProtocol=${rule.protocol === PROTOCOL_ALL ? '-1' : describeProtocol(rule.protocol)}${range},${peer}'`;
}

export function groupLabel(group: SecurityGroup): string {
  return group.name && group.name !== group.id ? `${group.id} (${group.name})` : group.id;
}

export const sgWorldOpenAdmin: LintRule = {
  meta: {
    id: 'sg-world-open-admin',
    severity: 'error',
    summary: 'A security group allows inbound traffic from 0.0.0.0/0 or ::/0 to an administrative or database port, or to all ports.',
    rationale:
      'SSH, RDP and database ports open to the whole internet are found by scanners within minutes and brute-forced or exploited; a security group is the last filter in front of the instance.',
    docs: 'docs/rules/sg-world-open-admin.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const group of ctx.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        const exposure = worldExposure(rule, ctx.settings);
        if (!isWorldOpenAdmin(exposure)) continue;
        const cidr = rule.peer.kind === 'cidr' ? rule.peer.cidr : undefined;
        const who = cidr?.family === 6 ? 'any IPv6 address' : 'any IPv4 address';
        const listed = `admin port${exposure.adminPorts.length === 1 ? '' : 's'} ${describeAdminPorts(exposure.adminPorts)}`;
        const everything = rule.protocol === PROTOCOL_ALL ? 'every protocol and port' : 'every port';
        const subject = exposure.allPorts ? (exposure.adminPorts.length > 0 ? `${everything} (including ${listed})` : everything) : listed;
        const verb = exposure.allPorts || exposure.adminPorts.length === 1 ? 'is' : 'are';
        findings.push({
          message:
            `Security group ${groupLabel(group)} allows inbound ${sgRuleText(rule)}: ${subject} ${verb} reachable from ${who} on the internet, ` +
            `and scanners find exposed admin ports within minutes, then brute-force or exploit whatever answers. Restrict the source to the addresses that need it (a VPN or office CIDR, ` +
            `or a bastion's security group), or remove the rule and reach the instances through AWS Systems Manager Session Manager.`,
          resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
          location: rule.source,
          key: sgRuleKey(rule),
          fix: { summary: `Replace ${cidr?.text ?? 'the world CIDR'} with the administrators' addresses or a security group, or revoke the rule.`, command: revokeCommand(rule) },
          details: { adminPorts: exposure.adminPorts, allPorts: exposure.allPorts, cidr: cidr?.text, protocol: describeProtocol(rule.protocol), ports: describeKeys(rule) },
        });
      }
    }
    return findings;
  },
};
