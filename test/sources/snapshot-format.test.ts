import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadSchema, validateShape } from '../../src/sources/index.js';
import {
  groupRulesDoc,
  managedPrefixListsDoc,
  naclsDoc,
  networkInterfacesDoc,
  prefixListEntriesDoc,
  reservationsDoc,
  routeTablesDoc,
  securityGroupsDoc,
  subnetsDoc,
  vpcsDoc,
} from './cli-docs.js';
import { problemsOf, snapshotOf, withoutSources } from './helpers.js';

const snapshotDoc = {
  format: 'synack-snapshot',
  version: 1,
  metadata: { account: '111122223333', region: 'eu-west-1', fetchedAt: '2025-06-01T12:00:00Z', tool: { name: 'synack', version: '0.1.0' } },
  resources: {
    Vpcs: vpcsDoc.Vpcs,
    Subnets: subnetsDoc.Subnets,
    NetworkAcls: naclsDoc.NetworkAcls,
    SecurityGroups: securityGroupsDoc.SecurityGroups,
    SecurityGroupRules: groupRulesDoc.SecurityGroupRules,
    NetworkInterfaces: networkInterfacesDoc.NetworkInterfaces,
    Instances: reservationsDoc.Reservations.flatMap((r): unknown[] => r.Instances),
    PrefixLists: managedPrefixListsDoc.PrefixLists,
    PrefixListEntries: { 'pl-1': prefixListEntriesDoc.Entries },
    RouteTables: routeTablesDoc.RouteTables,
  },
};

const cliFiles = {
  'vpcs.json': vpcsDoc,
  'subnets.json': subnetsDoc,
  'nacls.json': naclsDoc,
  'sg.json': securityGroupsDoc,
  'rules.json': groupRulesDoc,
  'enis.json': networkInterfacesDoc,
  'instances.json': reservationsDoc,
  'prefix-lists.json': managedPrefixListsDoc,
  'pl-1.json': prefixListEntriesDoc,
  'routes.json': routeTablesDoc,
};

describe('the synack snapshot format', () => {
  it('has schemas that are valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ allowUnionTypes: true, strict: true });
    for (const name of ['aws-cli', 'np-guard', 'snapshot'] as const) ajv.addSchema(loadSchema(name));
    expect(ajv.getSchema('https://synack.dev/schemas/snapshot.schema.json')).toBeTypeOf('function');
  });

  it('validates a snapshot document', () => {
    expect(validateShape('snapshot', snapshotDoc, 'snap.json')).toEqual([]);
  });

  it('imports to the same model as the same data in AWS CLI files', () => {
    const fromSnapshot = snapshotOf({ 'snap.json': snapshotDoc });
    const fromCli = snapshotOf(cliFiles);
    const { vpcs, metadata, inputs, ...rest } = fromSnapshot;
    const { vpcs: cliVpcs, metadata: cliMetadata, inputs: cliInputs, ...cliRest } = fromCli;
    expect(withoutSources(rest)).toEqual(withoutSources(cliRest));
    expect(rest.prefixLists.find((p) => p.id === 'pl-1')?.cidrs).toHaveLength(2);
    expect(withoutSources(vpcs)).toEqual(withoutSources(cliVpcs.map((v) => ({ ...v, region: 'eu-west-1' }))));
    expect(metadata).toEqual(snapshotDoc.metadata);
    expect(cliMetadata).toEqual({});
    expect(inputs).toEqual(['snap.json']);
    expect(cliInputs).toHaveLength(10);
  });

  it('points into resources', () => {
    const s = snapshotOf({ 'snap.json': snapshotDoc });
    expect(s.nacls[0]?.inbound[0]?.source).toEqual({ file: 'snap.json', pointer: '/resources/NetworkAcls/0/Entries/8' });
    expect(s.instances[1]?.source.pointer).toBe('/resources/Instances/1');
    expect(s.prefixLists.find((p) => p.id === 'pl-1')?.source.pointer).toBe('/resources/PrefixLists/0');
  });

  it('reports an unknown version, an unknown resource kind and a bad prefix list entry', () => {
    const doc = { ...snapshotDoc, version: 2, resources: { Vpcs: [], Vpc: [], PrefixListEntries: { 'pl-1': [{ Description: 'no cidr' }] } } };
    expect(problemsOf({ 'snap.json': doc }).map((p) => [p.pointer, p.message])).toEqual([
      ['/version', 'version is the number 2; expected 1'],
      ['/resources/Vpc', 'unexpected property "Vpc" in resources; expected only the properties the schema lists'],
      ['/resources/PrefixListEntries/pl-1/0', 'pl-1 item without "Cidr"; expected it to be present'],
    ]);
  });

  it('merges metadata of several snapshots, listing their regions', () => {
    const other = { ...snapshotDoc, metadata: { account: '111122223333', region: 'us-east-1' }, resources: {} };
    expect(snapshotOf({ 'a.json': snapshotDoc, 'b.json': other }).metadata).toEqual({
      account: '111122223333',
      regions: ['eu-west-1', 'us-east-1'],
      fetchedAt: '2025-06-01T12:00:00Z',
      tool: { name: 'synack', version: '0.1.0' },
    });
  });
});
