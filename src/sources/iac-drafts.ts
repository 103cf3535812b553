// The model objects an infrastructure-as-code importer (Terraform plans, CloudFormation templates) holds while
// it reads resources, and how they become one DocumentImport. They stay drafts until every resource is read:
// standalone rules, associations and attachments add to objects read before them.
import type { Eni, Instance, Nacl, SecurityGroup, SgDirection, SgRule, Subnet, Tags, Vpc } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import type { Cidr } from '../net/address.js';
import { emptyImport, type DocumentImport } from './document-import.js';
import { compact } from './fields.js';

export interface GroupDraft {
  readonly id: string;
  readonly name: string;
  readonly vpcId?: string;
  readonly description?: string;
  readonly ingress: SgRule[];
  readonly egress: SgRule[];
  readonly tags: Tags;
  readonly source: SourceLocation;
}

export interface InstanceDraft {
  readonly id: string;
  readonly eniIds: string[];
  readonly name?: string;
  readonly tags: Tags;
  readonly source: SourceLocation;
}

/**
 * The rules of a standalone rule resource, added to their group. A group the document does not hold is
 * known by these rules only; rules without a peer add nothing (AWS deploys them), not even that group.
 */
export function addGroupRules(groups: Map<string, GroupDraft>, groupId: string, direction: SgDirection, rules: readonly SgRule[], source: SourceLocation): void {
  if (rules.length === 0) return;
  let group = groups.get(groupId);
  if (!group) {
    group = { id: groupId, name: groupId, ingress: [], egress: [], tags: {}, source };
    groups.set(groupId, group);
  }
  group[direction].push(...rules);
}

export interface Drafts {
  /** VPCs with the blocks gathered for them (CIDR block association resources add to them). */
  readonly vpcs: Iterable<{ readonly vpc: Vpc; readonly cidrs: readonly Cidr[] }>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly groups: Iterable<GroupDraft>;
  /** Finished NACLs, their rules in order (./iac-rules.ts). */
  readonly nacls: Iterable<Nacl>;
  readonly enis: ReadonlyMap<string, Eni>;
  readonly instances: ReadonlyMap<string, InstanceDraft>;
}

export function importOfDrafts(file: string, drafts: Drafts): DocumentImport {
  const out = emptyImport(file);
  for (const { vpc, cidrs } of drafts.vpcs) out.vpcs.push({ ...vpc, cidrs });
  out.subnets.push(...drafts.subnets.values());
  for (const g of drafts.groups) out.securityGroups.push(compact({ ...g }) as SecurityGroup);
  for (const nacl of drafts.nacls) {
    out.nacls.push(nacl);
    // Subnets of the document are checked for a second NACL association by the merge step.
    for (const s of nacl.subnetIds) if (drafts.subnets.has(s)) out.naclSubnets.push({ owner: nacl.source, ownerId: nacl.id, subnetId: s, source: nacl.source });
  }
  // Interfaces attached to an instance of the document are listed by it, primary first.
  for (const e of drafts.enis.values()) {
    const owner = e.instanceId === undefined ? undefined : drafts.instances.get(e.instanceId);
    if (owner && !owner.eniIds.includes(e.id)) owner.eniIds.push(e.id);
  }
  const device = (id: string): number => drafts.enis.get(id)?.deviceIndex ?? Infinity;
  for (const i of drafts.instances.values()) out.instances.push(compact({ ...i, eniIds: [...i.eniIds].sort((a, b) => device(a) - device(b)) }) as Instance);
  out.enis.push(...drafts.enis.values());
  return out;
}
