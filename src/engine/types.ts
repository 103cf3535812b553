import type { SourceLocation } from '../model/source.js';

export type Verdict = 'reachable' | 'partial' | 'unreachable' | 'unknown';
export const VERDICTS: readonly Verdict[] = ['reachable', 'partial', 'unreachable', 'unknown'];

/** A flow as the user asks for it: endpoints are unresolved references. */
export interface FlowQuery {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** `lo-hi` or a profile name; inferred from the client when absent. */
  readonly clientPorts?: string;
}

export type EndpointKind = 'eni' | 'address-in-subnet' | 'external' | 'amazon-service';

export interface EndpointSummary {
  /** What the user typed. */
  readonly ref: string;
  readonly kind: EndpointKind;
  /** The address used for the flow. */
  readonly address: string;
  readonly eniId?: string;
  readonly instanceId?: string;
  readonly subnetId?: string;
  readonly vpcId?: string;
  readonly groupIds?: readonly string[];
  readonly name?: string;
  /** How the reference was resolved, e.g. "instance i-1 → primary interface eni-2 (device 0)". */
  readonly resolution?: string;
}

export interface ClientPortChoice {
  readonly range: readonly [number, number];
  /** Profile name (`linux`, `nat-gateway`, …) or `custom`. */
  readonly profile: string;
  /** Why this range was used: given by the user, or inferred from what. */
  readonly reason: string;
}

export type HopComponent = 'security-group' | 'nacl';
export type HopDirection = 'ingress' | 'egress' | 'inbound' | 'outbound';
/**
 * allow/deny/partial: evaluated against rules. stateful: an SG reply that needs no rule.
 * skipped: a NACL between two addresses of one subnet (AWS does not evaluate it).
 * unknown: the answer depends on prefix-list entries the snapshot lacks.
 * not-evaluated: outside the snapshot (an external peer) or no data (address without an ENI).
 */
export type HopDecision = 'allow' | 'deny' | 'partial' | 'stateful' | 'skipped' | 'unknown' | 'not-evaluated';

/** A rule, as reported: enough to find it and understand it without the input at hand. */
export interface RuleRef {
  readonly component: HopComponent;
  /** NACL id or security group id. */
  readonly ownerId: string;
  /** NACL rule number. */
  readonly number?: number;
  /** `sgr-…` id when known. */
  readonly ruleId?: string;
  readonly action: 'allow' | 'deny';
  readonly protocol: string;
  /** CIDR, `pl-…` or `sg-…` the rule names. */
  readonly peer: string;
  /** `443`, `1024-65535`, `all`, `type 3 code 4`. */
  readonly ports: string;
  readonly description?: string;
  /** true for the catch-all deny (32767/32768) and for "no rule matched". */
  readonly isDefault: boolean;
  readonly source?: SourceLocation;
}

/** Part of the ports a hop was asked about, and what decided it. */
export interface HopSegment {
  readonly ports: readonly (readonly [number, number])[];
  readonly decision: 'allow' | 'deny' | 'unknown';
  /** Deciding rule(s): the first match for a NACL; every matching allow for a security group. */
  readonly rules: readonly RuleRef[];
}

export interface Hop {
  readonly leg: 'request' | 'reply';
  readonly component: HopComponent;
  /** NACL id, or the security group ids of the ENI. */
  readonly ids: readonly string[];
  readonly direction: HopDirection;
  /** The ENI (SG hops) or subnet (NACL hops) the hop belongs to. */
  readonly at: string;
  readonly decision: HopDecision;
  /** The packets' destination ports this hop was asked about. */
  readonly ports: readonly (readonly [number, number])[];
  readonly segments: readonly HopSegment[];
  readonly note?: string;
}

export interface ReturnPorts {
  readonly range: readonly [number, number];
  readonly allowed: readonly (readonly [number, number])[];
  /** Share of the client range whose replies get back, 0…1. */
  readonly fraction: number;
}

export interface Fix {
  readonly component: HopComponent;
  /** NACL id or security group id to change. */
  readonly targetId: string;
  readonly direction: HopDirection;
  readonly action: 'add-rule';
  readonly rule: {
    readonly number?: number;
    readonly action: 'allow';
    readonly protocol: string;
    readonly peer: string;
    readonly ports: string;
  };
  /** One sentence a person can act on, with an AWS CLI command. */
  readonly summary: string;
  readonly command?: string;
}

export interface FlowResult {
  readonly query: FlowQuery;
  readonly from: EndpointSummary;
  readonly to: EndpointSummary;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly clientPorts: ClientPortChoice;
  readonly verdict: Verdict;
  readonly request: readonly Hop[];
  readonly reply: readonly Hop[];
  readonly returnPorts: ReturnPorts;
  readonly fixes: readonly Fix[];
  /** Caveats that qualify the verdict (routing not evaluated, external side not evaluated, …). */
  readonly notes: readonly string[];
  /** One line: why this verdict. */
  readonly summary: string;
}
