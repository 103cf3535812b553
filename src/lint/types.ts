import type { SourceLocation } from '../model/source.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import type { ClientPortChoice } from '../engine/types.js';
import type { ProposedNumbers } from './proposed-numbers.js';

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export type ResourceType = 'nacl' | 'security-group' | 'subnet' | 'eni' | 'vpc' | 'instance';

export interface ResourceRef {
  readonly type: ResourceType;
  readonly id: string;
  readonly name?: string;
}

export interface RuleMeta {
  /** Stable kebab-case id; never renamed once released (it keys baselines and suppressions). */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** Why it matters, in a sentence or two. */
  readonly rationale: string;
  /** Path of the rule's page, relative to the repository root. */
  readonly docs: string;
}

/** Another place that explains a finding (the earlier rule that shadows this one); a SARIF related location. */
export interface RelatedLocation {
  readonly message: string;
  readonly location: SourceLocation;
}

export interface FindingFix {
  readonly summary: string;
  readonly command?: string;
}

/** What a rule's check returns: the runner adds severity, fingerprint and suppression state. */
export interface FindingDraft {
  /** What is wrong, why it matters, what to do — with exact ids, rule numbers, ports and CIDRs. */
  readonly message: string;
  readonly resource: ResourceRef;
  /** The exact input object at fault (a NACL entry, an SG permission source). */
  readonly location?: SourceLocation;
  readonly related?: readonly RelatedLocation[];
  readonly fix?: FindingFix;
  /**
   * What makes this finding itself, independent of line numbers and unrelated edits: e.g.
   * `outbound:100` or `ingress:tcp:22:0.0.0.0/0`. Combined with rule id and resource id into the fingerprint.
   */
  readonly key: string;
  /** Rule-specific structured details for JSON consumers (missing port ranges, fraction, …). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Suppression {
  readonly kind: 'config' | 'tag' | 'baseline';
  readonly reason: string;
}

export interface Finding extends FindingDraft {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly fingerprint: string;
  readonly suppressed?: Suppression;
}

/** Lint settings after the config file is read; pure data. */
export interface LintSettings {
  /** Ports whose exposure to the world is an error (22, 3389, databases, …). */
  readonly adminPorts: readonly number[];
  /** Ports that are fine to open to the world (80, 443): `sg-world-open` skips them. */
  readonly webPorts: readonly number[];
  /**
   * The client range assumed for clients in a subnet/ENI; undefined → inferred as the engine does
   * (`--client-ports` and per-subnet/ENI/tag profiles in the config come through here).
   */
  readonly clientPortsFor: (target: { subnetId?: string; eniId?: string; tags?: Readonly<Record<string, string>> }) => ClientPortChoice | undefined;
}

export interface LintContext {
  readonly snapshot: Snapshot;
  readonly index: SnapshotIndex;
  readonly settings: LintSettings;
  /** Rule numbers that fixes of this run already propose: a later fix picks another. */
  readonly proposed: ProposedNumbers;
}

export interface LintRule {
  readonly meta: RuleMeta;
  check(ctx: LintContext): FindingDraft[];
}

export const DEFAULT_ADMIN_PORTS: readonly number[] = [22, 23, 135, 139, 445, 1433, 1521, 2375, 2376, 3306, 3389, 5432, 5601, 5900, 5984, 6379, 7000, 7001, 8020, 8086, 8888, 9042, 9092, 9200, 9300, 11211, 27017, 27018, 50070];
export const DEFAULT_WEB_PORTS: readonly number[] = [80, 443];

export function defaultSettings(): LintSettings {
  return { adminPorts: DEFAULT_ADMIN_PORTS, webPorts: DEFAULT_WEB_PORTS, clientPortsFor: () => undefined };
}
