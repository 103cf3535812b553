// Cross-document checks on the merged objects: one NACL per subnet, and references (NACL association,
// ENI subnet, ENI group) that name nothing in a snapshot which does hold that VPC's subnets or groups.
import type { InputProblem } from '../model/errors.js';
import type { Eni, Nacl, SecurityGroup, Subnet } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import type { GroupReference, SubnetReference } from './document-import.js';

export interface MergedObjects {
  readonly subnets: readonly Subnet[];
  readonly nacls: readonly Nacl[];
  readonly securityGroups: readonly SecurityGroup[];
  readonly enis: readonly Eni[];
}

export interface References {
  readonly naclSubnets: readonly SubnetReference[];
  readonly eniSubnets: readonly SubnetReference[];
  readonly eniGroups: readonly GroupReference[];
}

export function checkReferences(m: MergedObjects, refs: References): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (at: SourceLocation, message: string): void => {
    problems.push({ file: at.file, pointer: at.pointer, message });
  };
  const nacls = byId(m.nacls);
  const enis = byId(m.enis);
  const subnetIds = new Set(m.subnets.map((s) => s.id));
  const groupIds = new Set(m.securityGroups.map((g) => g.id));
  const count = (vpcIds: (string | undefined)[]): Map<string, number> => {
    const c = new Map<string, number>();
    for (const v of vpcIds) if (v !== undefined) c.set(v, (c.get(v) ?? 0) + 1);
    return c;
  };
  const subnetsOfVpc = count(m.subnets.map((s) => s.vpcId));
  const groupsOfVpc = count(m.securityGroups.map((g) => g.vpcId));

  const naclOfSubnet = new Map<string, SubnetReference>();
  for (const ref of refs.naclSubnets) {
    const nacl = nacls.get(ref.ownerId);
    if (!nacl || nacl.source !== ref.owner) continue; // a duplicate that was dropped
    const first = naclOfSubnet.get(ref.subnetId);
    if (first && first.ownerId !== ref.ownerId) {
      add(
        ref.source,
        `subnet ${ref.subnetId} is associated with two network ACLs: ${first.ownerId} (${first.source.file} at ${first.source.pointer}) and ${ref.ownerId}; expected exactly one NACL per subnet`,
      );
    } else if (!first) {
      naclOfSubnet.set(ref.subnetId, ref);
    }
    const known = subnetsOfVpc.get(nacl.vpcId);
    if (known !== undefined && !subnetIds.has(ref.subnetId)) {
      add(
        ref.source,
        `network ACL ${nacl.id} is associated with subnet ${ref.subnetId}, which is not among the ${known} subnets of ${nacl.vpcId} in this snapshot; expected a subnet the snapshot holds (export all subnets, or drop the stale association)`,
      );
    }
  }
  for (const ref of refs.eniSubnets) {
    const eni = enis.get(ref.ownerId);
    if (!eni || eni.source !== ref.owner || eni.vpcId === undefined) continue;
    const known = subnetsOfVpc.get(eni.vpcId);
    if (known !== undefined && !subnetIds.has(ref.subnetId)) {
      add(
        ref.source,
        `network interface ${eni.id} is in subnet ${ref.subnetId}, which is not among the ${known} subnets of ${eni.vpcId} in this snapshot; expected a subnet the snapshot holds`,
      );
    }
  }
  for (const ref of refs.eniGroups) {
    const eni = enis.get(ref.eniId);
    if (!eni || eni.source !== ref.owner || eni.vpcId === undefined) continue;
    const known = groupsOfVpc.get(eni.vpcId);
    if (known !== undefined && !groupIds.has(ref.groupId)) {
      add(
        ref.source,
        `network interface ${eni.id} carries security group ${ref.groupId}, which is not among the ${known} groups of ${eni.vpcId} in this snapshot; expected a group the snapshot holds`,
      );
    }
  }
  return problems;
}

/** The objects by id (a loop: `new Map(list.map(…))` makes a pair per object, and ENIs come by the thousand). */
function byId<T extends { readonly id: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of list) map.set(item.id, item);
  return map;
}
