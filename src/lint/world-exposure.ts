/** What a world-open security group rule exposes: the admin ports it opens, by name, or every port. */
import { ALL_KEYS, ruleKeys } from '../engine/match.js';
import { PROTOCOL_ALL, TCP, UDP } from '../model/protocol.js';
import type { SgRule } from '../model/snapshot.js';
import { isWorld } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { LintSettings } from './types.js';

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
  return IntervalSet.fromValues(ports);
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
 * Shared by `sg-world-open-admin` and `sg-world-open`, which reports exactly the world-open rules the first does not.
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
