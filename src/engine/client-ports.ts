import { parsePortRange } from '../net/ports.js';
import type { Eni, Instance } from '../model/snapshot.js';
import type { ClientPortChoice } from './types.js';

/** Ephemeral port ranges clients pick their source port from (aws-semantics.md §3). */
export const CLIENT_PORT_PROFILES: Readonly<Record<string, readonly [number, number]>> = {
  linux: [32768, 60999],
  windows: [49152, 65535],
  'windows-legacy': [1025, 5000],
  'nat-gateway': [1024, 65535],
  elb: [1024, 65535],
  lambda: [1024, 65535],
  any: [1024, 65535],
};

export function isClientPortProfile(name: string): boolean {
  return Object.hasOwn(CLIENT_PORT_PROFILES, name);
}

/** Parses `lo-hi` or a profile name; undefined when it is neither. */
export function parseClientPorts(text: string): ClientPortChoice | undefined {
  const trimmed = text.trim();
  if (isClientPortProfile(trimmed)) {
    return { range: CLIENT_PORT_PROFILES[trimmed]!, profile: trimmed, reason: `given: profile ${trimmed}` };
  }
  const range = parsePortRange(trimmed);
  if (!range) return undefined;
  return { range: [range.from, range.to], profile: 'custom', reason: `given: ${range.from}-${range.to}` };
}

/**
 * Who the client is decides its ephemeral range. We only claim a narrower range than `any` on evidence
 * from the snapshot; an unknown client gets AWS's advice for unknown clients, 1024-65535.
 */
export function inferClientPorts(client: { eni?: Eni; instance?: Instance; external?: boolean }): ClientPortChoice {
  const pick = (profile: string, reason: string): ClientPortChoice => ({ range: CLIENT_PORT_PROFILES[profile]!, profile, reason });
  const { eni, instance } = client;
  if (client.external) return pick('any', 'the client is outside the snapshot (AWS advises 1024-65535 for unknown clients)');
  if (eni) {
    const type = eni.interfaceType?.toLowerCase();
    if (type === 'nat_gateway') return pick('nat-gateway', `${eni.id} is a NAT gateway interface (InterfaceType nat_gateway)`);
    if (type === 'network_load_balancer' || type === 'gateway_load_balancer') {
      return pick('elb', `${eni.id} is a load balancer interface (InterfaceType ${eni.interfaceType})`);
    }
    if (eni.description?.startsWith('ELB ')) return pick('elb', `${eni.id} is a load balancer interface (description "ELB …")`);
    if (type === 'lambda' || eni.description?.startsWith('AWS Lambda VPC ENI')) {
      return pick('lambda', `${eni.id} is a Lambda interface`);
    }
  }
  if (instance) {
    if (instance.platform?.toLowerCase() === 'windows' || /windows/i.test(instance.platformDetails ?? '')) {
      return pick('windows', `instance ${instance.id} runs Windows (Platform ${instance.platform ?? instance.platformDetails})`);
    }
    if (instance.platformDetails && /linux|unix|red hat|suse|ubuntu/i.test(instance.platformDetails)) {
      return pick('linux', `instance ${instance.id} runs ${instance.platformDetails}`);
    }
  }
  return pick('any', 'nothing in the snapshot tells the client’s operating system (AWS advises 1024-65535 for unknown clients)');
}
