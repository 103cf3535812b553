import { ip, type IpAddress } from '../net/address.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';

/** Link-local services that security groups and NACLs never filter (aws-semantics.md §4). */
const LINK_LOCAL_SERVICES: readonly [string, string][] = [
  ['169.254.169.253', 'the Amazon DNS resolver'],
  ['fd00:ec2::253', 'the Amazon DNS resolver'],
  ['169.254.169.254', 'the instance metadata service'],
  ['fd00:ec2::254', 'the instance metadata service'],
  ['169.254.169.123', 'Amazon Time Sync'],
  ['fd00:ec2::123', 'Amazon Time Sync'],
  ['169.254.170.2', 'the ECS task metadata endpoint'],
  ['169.254.169.250', 'Windows licence activation'],
  ['169.254.169.251', 'Windows licence activation'],
];
const SERVICES = LINK_LOCAL_SERVICES.map(([text, what]) => ({ address: ip(text), what }));

/**
 * What AWS service answers at an address that the rules never filter, if any: the link-local services,
 * the DNS resolver at the VPC's primary CIDR base + 2 and each subnet's router at base + 1.
 */
export function unfilteredService(index: SnapshotIndex, address: IpAddress): string | undefined {
  const service = SERVICES.find((s) => s.address.family === address.family && s.address.value === address.value);
  if (service) return service.what;
  if (address.family !== 4) return undefined;
  for (const vpc of index.snapshot.vpcs) {
    const primary = vpc.cidrs.find((c) => c.family === 4);
    if (primary && address.value === primary.lo + 2n) return `the Amazon DNS resolver of ${vpc.id}`;
  }
  for (const subnet of index.snapshot.subnets) {
    for (const c of subnet.cidrs) {
      if (c.family === 4 && address.value === c.lo + 1n) return `the VPC router of ${subnet.id}`;
    }
  }
  return undefined;
}
