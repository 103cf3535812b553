// Several documents → one Snapshot: duplicates dropped (or reported when they differ), rules from
// describe-security-group-rules put in place, instance interfaces joined, prefix list entries attached.
import type { InputProblem } from '../model/errors.js';
import type { Eni, Instance, PrefixList, SecurityGroup, SgRule, Snapshot, SnapshotMetadata } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import { checkReferences } from './check-references.js';
import type { DocumentImport, GroupRuleRecord, PrefixListEntries, RouteTableRecord } from './document-import.js';
import { compact } from './fields.js';

export function mergeImports(imports: readonly DocumentImport[]): { snapshot: Snapshot; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const all = <K extends keyof DocumentImport>(key: K): DocumentImport[K] extends (infer T)[] ? T[] : never => {
    // Each list usually comes from one file (the exports are one per describe call): that list itself, uncopied.
    const lists = imports.map((d) => d[key] as unknown[]).filter((l) => l.length > 0);
    return (lists.length === 1 ? lists[0] : ([] as unknown[]).concat(...lists)) as never;
  };

  const vpcs = dedupe(all('vpcs'), 'VPC', problems);
  const subnets = dedupe(all('subnets'), 'subnet', problems);
  const nacls = dedupe(all('nacls'), 'network ACL', problems);
  const securityGroups = applyGroupRules(dedupe(all('securityGroups'), 'security group', problems), all('groupRules'), problems);
  const enis = joinEnis(dedupe(all('enis'), 'network interface', problems), dedupe(all('instanceEnis'), 'network interface', problems));
  const instances = attachEnis(dedupe(all('instances'), 'instance', problems), enis);
  const prefixLists = attachEntries(dedupe(all('prefixLists'), 'prefix list', problems), all('prefixListEntries'), problems);
  const routeTables = dedupeRouteTables(all('routeTables'), problems);

  problems.push(
    ...checkReferences({ subnets, nacls, securityGroups, enis }, { naclSubnets: all('naclSubnets'), eniSubnets: all('eniSubnets'), eniGroups: all('eniGroups') }),
  );
  const snapshot: Snapshot = {
    vpcs,
    subnets,
    nacls,
    securityGroups,
    enis,
    instances,
    prefixLists,
    routeTables,
    metadata: mergeMetadata(imports.map((d) => d.metadata).filter((m): m is SnapshotMetadata => m !== undefined)),
    inputs: [...new Set(imports.map((d) => d.file))],
  };
  return { snapshot, problems };
}

/** Stable text of a value for comparisons: keys sorted, `source` locations left out. */
export function contentKey(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'source') return undefined;
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

function where(s: SourceLocation): string {
  return `${s.file} at ${s.pointer || '/'}`;
}

/** First definition wins; a second one with other content is a problem naming both places. */
function dedupe<T extends { readonly id: string; readonly source: SourceLocation }>(items: readonly T[], what: string, problems: InputProblem[]): T[] {
  return dedupeBy(items, (x) => x.id, (x) => x.source, what, problems);
}

function dedupeBy<T>(
  items: readonly T[],
  idOf: (x: T) => string | undefined,
  sourceOf: (x: T) => SourceLocation,
  what: string,
  problems: InputProblem[],
): T[] {
  const kept = new Map<string, T>();
  const out: T[] = [];
  for (const item of items) {
    const id = idOf(item);
    if (id === undefined) {
      out.push(item);
      continue;
    }
    const first = kept.get(id);
    if (first === undefined) {
      kept.set(id, item);
      out.push(item);
      // Content is compared only on a repeated id: serialising every object would cost more than parsing.
    } else if (contentKey(first) !== contentKey(item)) {
      const s = sourceOf(item);
      problems.push({
        file: s.file,
        pointer: s.pointer,
        message: `${what} ${id} is defined twice with different content: in ${where(sourceOf(first))} and in ${where(s)}; expected one definition per id (load one export per resource)`,
      });
    }
  }
  return out;
}

/** describe-security-group-rules replace the group's permission-derived rules; unknown groups get a stub. */
function applyGroupRules(groups: SecurityGroup[], records: readonly GroupRuleRecord[], problems: InputProblem[]): SecurityGroup[] {
  const unique = dedupeBy(records, (r) => r.rule.ruleId ?? `content:${contentKey(r)}`, (r) => r.rule.source, 'security group rule', problems);
  const byGroup = new Map<string, GroupRuleRecord[]>();
  for (const r of unique) {
    const list = byGroup.get(r.rule.groupId) ?? [];
    list.push(r);
    byGroup.set(r.rule.groupId, list);
  }
  const withRules = (g: SecurityGroup, rules: readonly SgRule[]): SecurityGroup => ({
    ...g,
    ingress: rules.filter((r) => r.direction === 'ingress'),
    egress: rules.filter((r) => r.direction === 'egress'),
  });
  const out = groups.map((g) => {
    const records = byGroup.get(g.id);
    return records ? withRules(g, records.map((r) => r.rule)) : g;
  });
  const known = new Set(groups.map((g) => g.id));
  for (const [groupId, records] of byGroup) {
    if (known.has(groupId)) continue;
    const first = records[0] as GroupRuleRecord;
    const stub: SecurityGroup = compact({ id: groupId, name: groupId, ownerId: first.groupOwnerId, ingress: [], egress: [], tags: {}, source: first.rule.source });
    out.push(withRules(stub, records.map((r) => r.rule)));
  }
  return out;
}

/** describe-network-interfaces wins; an instance's copy fills its instanceId/deviceIndex, or stands alone. */
function joinEnis(described: Eni[], fromInstances: readonly Eni[]): Eni[] {
  if (fromInstances.length === 0) return described;
  const index = new Map(described.map((e, i) => [e.id, i]));
  const out = [...described];
  for (const e of fromInstances) {
    const i = index.get(e.id);
    if (i === undefined) {
      index.set(e.id, out.length);
      out.push(e);
      continue;
    }
    const d = out[i] as Eni;
    if (d.instanceId === undefined || d.deviceIndex === undefined) {
      out[i] = compact({ ...d, instanceId: d.instanceId ?? e.instanceId, deviceIndex: d.deviceIndex ?? e.deviceIndex });
    }
  }
  return out;
}

/** An instance's interfaces: its own list plus interfaces whose attachment names it, primary first. */
function attachEnis(instances: Instance[], enis: readonly Eni[]): Instance[] {
  if (instances.length === 0) return instances;
  const byInstance = new Map<string, Eni[]>();
  for (const e of enis) {
    if (e.instanceId === undefined) continue;
    const list = byInstance.get(e.instanceId) ?? [];
    list.push(e);
    byInstance.set(e.instanceId, list);
  }
  let device: Map<string, number> | undefined;
  return instances.map((inst) => {
    const attached = (byInstance.get(inst.id) ?? []).filter((e) => !inst.eniIds.includes(e.id));
    if (attached.length === 0) return inst;
    const order = (device ??= new Map(enis.map((e) => [e.id, e.deviceIndex ?? Infinity])));
    const ids = [...inst.eniIds, ...attached.map((e) => e.id)].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
    return { ...inst, eniIds: ids };
  });
}

function attachEntries(lists: PrefixList[], entries: readonly PrefixListEntries[], problems: InputProblem[]): PrefixList[] {
  const unique = dedupeBy(entries, (e) => e.id, (e) => e.source, 'prefix list entries of', problems);
  const byId = new Map(unique.map((e) => [e.id, e]));
  const out = lists.map((pl) => {
    const e = byId.get(pl.id);
    if (!e) return pl;
    byId.delete(pl.id);
    return compact({ ...pl, cidrs: e.cidrs, family: pl.family ?? e.cidrs[0]?.family });
  });
  for (const e of byId.values()) out.push(compact({ id: e.id, cidrs: e.cidrs, family: e.cidrs[0]?.family, source: e.source }));
  return out;
}

function dedupeRouteTables(tables: readonly RouteTableRecord[], problems: InputProblem[]): unknown[] {
  return dedupeBy(tables, (t) => t.id, (t) => t.source, 'route table', problems).map((t) => t.value);
}

function mergeMetadata(all: readonly SnapshotMetadata[]): SnapshotMetadata {
  if (all.length <= 1) return all[0] ?? {};
  const first = <K extends keyof SnapshotMetadata>(k: K): SnapshotMetadata[K] => all.find((m) => m[k] !== undefined)?.[k];
  const regions = [...new Set(all.flatMap((m) => [...(m.regions ?? []), ...(m.region !== undefined ? [m.region] : [])]))];
  return compact({
    account: first('account'),
    region: regions.length === 1 ? regions[0] : undefined,
    regions: regions.length > 1 ? regions : undefined,
    fetchedAt: first('fetchedAt'),
    tool: first('tool'),
  });
}
