import { describe, expect, it } from 'vitest';
import { cidr } from '../../src/net/address.js';
import { lineOf, problemsOf, snapshotOf } from './helpers.js';

const collector = {
  collector_version: '0.13.0',
  provider: 'aws',
  vpcs: [{ CidrBlock: '10.240.0.0/18', CidrBlockAssociationSet: null, Ipv6CidrBlockAssociationSet: null, IsDefault: false, Region: 'eu-north-1', Tags: null, VpcId: 'VpcId:5' }],
  subnets: [{ CidrBlock: '10.240.0.0/24', Ipv6CidrBlockAssociationSet: [], SubnetId: 'SubnetId:6', Tags: [{ Key: 'Name', Value: 'pub0' }], VpcId: 'VpcId:5' }],
  network_acls: [
    {
      Associations: [{ NetworkAclAssociationId: 'NetworkAclAssociationId:1', NetworkAclId: 'NetworkAclId:2', SubnetId: 'SubnetId:6' }],
      Entries: [{ CidrBlock: '0.0.0.0/0', Egress: true, IcmpTypeCode: null, Ipv6CidrBlock: null, PortRange: null, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 }],
      IsDefault: true,
      NetworkAclId: 'NetworkAclId:2',
      OwnerId: 'OwnerId:8',
      Tags: [],
      VpcId: 'VpcId:5',
    },
  ],
  security_groups: [
    {
      Description: 'default VPC security group',
      GroupId: 'GroupId:10',
      GroupName: 'GroupName:11',
      IpPermissions: [],
      IpPermissionsEgress: [{ FromPort: null, IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: null }], Ipv6Ranges: [], PrefixListIds: [], ToPort: null, UserIdGroupPairs: [] }],
      OwnerId: 'OwnerId:8',
      Tags: null,
      VpcId: 'VpcId:5',
    },
  ],
  instances: [
    {
      InstanceId: 'InstanceId:7',
      NetworkInterfaces: [
        {
          Attachment: { DeviceIndex: 0, Status: 'attached' },
          Description: '',
          Groups: [{ GroupId: 'GroupId:10', GroupName: 'GroupName:11' }],
          InterfaceType: 'interface',
          Ipv6Addresses: [],
          NetworkInterfaceId: 'NetworkInterfaceId:9',
          PrivateIpAddress: '10.240.0.5',
          PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.240.0.5' }],
          SubnetId: 'SubnetId:6',
          VpcId: 'VpcId:5',
        },
      ],
      Platform: null,
      PlatformDetails: 'Linux/UNIX',
      State: { Code: 16, Name: 'running' },
      Tags: [{ Key: 'Name', Value: 'app' }],
    },
  ],
  internet_gateways: [{ InternetGatewayId: 'igw-1' }],
};

describe('np-guard collector output', () => {
  it('reads the snake_case lists of SDK objects with explicit nulls and opaque ids', () => {
    const s = snapshotOf({ 'np.json': collector });
    expect(s.vpcs[0]).toMatchObject({ id: 'VpcId:5', region: 'eu-north-1', cidrs: [cidr('10.240.0.0/18')] });
    expect(s.subnets[0]).toMatchObject({ id: 'SubnetId:6', name: 'pub0' });
    expect(s.nacls[0]).toMatchObject({ id: 'NetworkAclId:2', isDefault: true, subnetIds: ['SubnetId:6'] });
    expect(s.nacls[0]?.outbound[0]?.source).toEqual({ file: 'np.json', pointer: '/network_acls/0/Entries/0' });
    expect(s.securityGroups[0]?.egress[0]).toMatchObject({ protocol: -1, peer: { kind: 'cidr', cidr: cidr('0.0.0.0/0') } });
    expect(s.securityGroups[0]?.egress[0]?.description).toBeUndefined();
    expect(s.instances[0]).toMatchObject({ id: 'InstanceId:7', eniIds: ['NetworkInterfaceId:9'], name: 'app', state: 'running', platformDetails: 'Linux/UNIX' });
    expect(s.enis[0]).toMatchObject({ id: 'NetworkInterfaceId:9', instanceId: 'InstanceId:7', deviceIndex: 0, groupIds: ['GroupId:10'] });
    expect(s.enis[0]?.description).toBeUndefined();
  });

  it('reports problems with pointers into the collector lists', () => {
    const broken = { ...collector, subnets: [{ ...collector.subnets[0], CidrBlock: '10.240.0.7/24' }] };
    expect(problemsOf({ 'np.json': broken })).toEqual([
      {
        file: 'np.json',
        pointer: '/subnets/0/CidrBlock',
        line: lineOf(broken, '"10.240.0.7/24"'),
        message: 'CidrBlock "10.240.0.7/24" has host bits set; AWS stores canonical blocks: did you mean 10.240.0.0/24?',
      },
    ]);
  });
});
