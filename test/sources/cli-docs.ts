// Literal AWS CLI outputs (shapes as `aws ec2 describe-*` prints them) shared by the importer tests.

export const vpcsDoc = {
  Vpcs: [
    {
      CidrBlock: '10.0.0.0/16',
      CidrBlockAssociationSet: [
        { AssociationId: 'vpc-cidr-assoc-1', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
        { AssociationId: 'vpc-cidr-assoc-2', CidrBlock: '100.64.0.0/16', CidrBlockState: { State: 'associated' } },
        { AssociationId: 'vpc-cidr-assoc-3', CidrBlock: '172.16.0.0/16', CidrBlockState: { State: 'disassociated' } },
      ],
      Ipv6CidrBlockAssociationSet: [
        { AssociationId: 'vpc-cidr-assoc-4', Ipv6CidrBlock: '2600:1F18:AAAA:BB00:0000:0000:0000:0000/56', Ipv6CidrBlockState: { State: 'associated' } },
      ],
      DhcpOptionsId: 'dopt-1',
      InstanceTenancy: 'default',
      IsDefault: false,
      OwnerId: '111122223333',
      State: 'available',
      Tags: [{ Key: 'Name', Value: 'prod' }],
      VpcId: 'vpc-1',
    },
  ],
};

export const subnetsDoc = {
  Subnets: [
    {
      AvailabilityZone: 'eu-west-1a',
      CidrBlock: '10.0.1.0/24',
      Ipv6CidrBlockAssociationSet: [
        { AssociationId: 'subnet-cidr-assoc-1', Ipv6CidrBlock: '2600:1f18:aaaa:bb01::/64', Ipv6CidrBlockState: { State: 'associated' } },
        { AssociationId: 'subnet-cidr-assoc-2', Ipv6CidrBlock: '2600:1f18:aaaa:bb02::/64', Ipv6CidrBlockState: { State: 'disassociated' } },
      ],
      SubnetId: 'subnet-a',
      Tags: [{ Key: 'Name', Value: 'public-a' }],
      VpcId: 'vpc-1',
    },
    { AvailabilityZone: 'eu-west-1b', CidrBlock: '10.0.2.0/24', SubnetId: 'subnet-b', VpcId: 'vpc-1' },
  ],
};

export const naclsDoc = {
  NetworkAcls: [
    {
      Associations: [{ NetworkAclAssociationId: 'aclassoc-1', NetworkAclId: 'acl-1', SubnetId: 'subnet-a' }],
      Entries: [
        { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
        { CidrBlock: '10.0.0.0/16', Egress: true, PortRange: { From: 1024, To: 65535 }, Protocol: '6', RuleAction: 'allow', RuleNumber: 100 },
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
        { Egress: false, Ipv6CidrBlock: '::/0', Protocol: '-1', RuleAction: 'deny', RuleNumber: 32768 },
        { CidrBlock: '0.0.0.0/0', Egress: false, PortRange: { From: 443, To: 443 }, Protocol: '6', RuleAction: 'allow', RuleNumber: 100 },
        { CidrBlock: '0.0.0.0/0', Egress: false, IcmpTypeCode: { Code: 4, Type: 3 }, Protocol: '1', RuleAction: 'allow', RuleNumber: 110 },
        { Egress: false, Ipv6CidrBlock: '2001:DB8:0:0:0:0:0:0/32', Protocol: '58', RuleAction: 'allow', RuleNumber: 120 },
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '58', RuleAction: 'allow', RuleNumber: 130 },
        { CidrBlock: '10.0.0.0/8', Egress: false, IcmpTypeCode: { Code: 2, Type: 1 }, PortRange: { From: 53, To: 53 }, Protocol: '17', RuleAction: 'deny', RuleNumber: 90 },
        { CidrBlock: '10.0.0.0/8', Egress: false, PortRange: { From: 1, To: 2 }, Protocol: '50', RuleAction: 'allow', RuleNumber: 140 },
      ],
      IsDefault: false,
      NetworkAclId: 'acl-1',
      Tags: [{ Key: 'Name', Value: 'web' }],
      VpcId: 'vpc-1',
      OwnerId: '111122223333',
    },
    {
      Associations: [{ NetworkAclAssociationId: 'aclassoc-2', NetworkAclId: 'acl-default', SubnetId: 'subnet-b' }],
      Entries: [
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
        { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      ],
      IsDefault: true,
      NetworkAclId: 'acl-default',
      Tags: [],
      VpcId: 'vpc-1',
      OwnerId: '111122223333',
    },
  ],
};

export const securityGroupsDoc = {
  SecurityGroups: [
    {
      Description: 'web servers',
      GroupName: 'web',
      IpPermissions: [
        {
          FromPort: 443,
          IpProtocol: 'tcp',
          IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'world' }, { CidrIp: '10.0.0.0/8' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'world v6' }],
          PrefixListIds: [{ Description: 's3', PrefixListId: 'pl-1' }],
          ToPort: 443,
          UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '111122223333' }],
        },
        { IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-1', UserId: '111122223333' }] },
        { FromPort: 3, IpProtocol: 'icmp', IpRanges: [{ CidrIp: '0.0.0.0/0' }], ToPort: 4 },
        { FromPort: -1, IpProtocol: 'icmpv6', Ipv6Ranges: [{ CidrIpv6: '::/0' }], ToPort: -1 },
        { IpProtocol: '50', IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        {
          FromPort: 5432,
          IpProtocol: 'tcp',
          ToPort: 5432,
          UserIdGroupPairs: [{ GroupId: 'sg-9', PeeringStatus: 'active', UserId: '444455556666', VpcId: 'vpc-9', VpcPeeringConnectionId: 'pcx-1' }],
        },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      GroupId: 'sg-1',
      OwnerId: '111122223333',
      Tags: [{ Key: 'env', Value: 'prod' }],
      VpcId: 'vpc-1',
    },
    {
      Description: 'db',
      GroupName: 'db',
      IpPermissions: [],
      IpPermissionsEgress: [],
      GroupId: 'sg-2',
      OwnerId: '111122223333',
      VpcId: 'vpc-1',
    },
  ],
};

export const groupRulesDoc = {
  SecurityGroupRules: [
    { CidrIpv4: '10.0.0.0/8', Description: 'ssh', FromPort: 22, GroupId: 'sg-1', GroupOwnerId: '111122223333', IpProtocol: 'tcp', IsEgress: false, SecurityGroupRuleId: 'sgr-1', ToPort: 22 },
    { CidrIpv6: '::/0', FromPort: -1, GroupId: 'sg-1', GroupOwnerId: '111122223333', IpProtocol: '-1', IsEgress: true, SecurityGroupRuleId: 'sgr-2', ToPort: -1 },
    { FromPort: 53, GroupId: 'sg-1', IpProtocol: 'udp', IsEgress: false, PrefixListId: 'pl-1', SecurityGroupRuleId: 'sgr-3', ToPort: 53 },
    {
      FromPort: -1,
      GroupId: 'sg-1',
      IpProtocol: '-1',
      IsEgress: false,
      ReferencedGroupInfo: { GroupId: 'sg-2', UserId: '111122223333' },
      SecurityGroupRuleId: 'sgr-4',
      ToPort: -1,
    },
    { CidrIpv4: '0.0.0.0/0', FromPort: 80, GroupId: 'sg-7', GroupOwnerId: '111122223333', IpProtocol: 'tcp', IsEgress: false, SecurityGroupRuleId: 'sgr-5', ToPort: 80 },
  ],
};

export const networkInterfacesDoc = {
  NetworkInterfaces: [
    {
      Attachment: { AttachmentId: 'eni-attach-1', DeviceIndex: 1, InstanceId: 'i-1', Status: 'attached' },
      AvailabilityZone: 'eu-west-1a',
      Description: 'second interface',
      Groups: [{ GroupId: 'sg-1', GroupName: 'web' }, { GroupId: 'sg-2', GroupName: 'db' }],
      InterfaceType: 'interface',
      Ipv6Addresses: [{ Ipv6Address: '2600:1F18:AAAA:BB01:0:0:0:10' }],
      NetworkInterfaceId: 'eni-2',
      PrivateIpAddress: '10.0.1.20',
      PrivateIpAddresses: [
        { Primary: false, PrivateIpAddress: '10.0.1.21' },
        { Primary: true, PrivateIpAddress: '10.0.1.20' },
      ],
      RequesterManaged: false,
      SubnetId: 'subnet-a',
      TagSet: [{ Key: 'Name', Value: 'web-eth1' }],
      VpcId: 'vpc-1',
    },
    {
      Description: 'ELB app/my-alb/50dc6c495c0c9188',
      Groups: [{ GroupId: 'sg-2', GroupName: 'db' }],
      InterfaceType: 'interface',
      Ipv6Addresses: [],
      NetworkInterfaceId: 'eni-3',
      PrivateIpAddress: '10.0.2.30',
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.2.30' }],
      RequesterManaged: true,
      SubnetId: 'subnet-b',
      TagSet: [],
      VpcId: 'vpc-1',
    },
  ],
};

export const reservationsDoc = {
  Reservations: [
    {
      Instances: [
        {
          InstanceId: 'i-1',
          NetworkInterfaces: [
            {
              Attachment: { DeviceIndex: 1, Status: 'attached' },
              Groups: [{ GroupId: 'sg-1', GroupName: 'web' }],
              NetworkInterfaceId: 'eni-2',
              PrivateIpAddress: '10.0.1.20',
              PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.20' }],
              SubnetId: 'subnet-a',
              VpcId: 'vpc-1',
            },
            {
              Attachment: { DeviceIndex: 0, Status: 'attached' },
              Description: 'Primary network interface',
              Groups: [{ GroupId: 'sg-1', GroupName: 'web' }],
              InterfaceType: 'interface',
              Ipv6Addresses: [],
              NetworkInterfaceId: 'eni-1',
              PrivateIpAddress: '10.0.1.10',
              PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.10' }],
              SubnetId: 'subnet-a',
              VpcId: 'vpc-1',
            },
          ],
          Platform: 'windows',
          PlatformDetails: 'Windows',
          PrivateIpAddress: '10.0.1.10',
          SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web' }],
          State: { Code: 16, Name: 'running' },
          SubnetId: 'subnet-a',
          Tags: [{ Key: 'Name', Value: 'web-1' }],
          VpcId: 'vpc-1',
        },
      ],
      OwnerId: '111122223333',
      ReservationId: 'r-1',
    },
    {
      Instances: [{ InstanceId: 'i-dead', NetworkInterfaces: [], SecurityGroups: [], State: { Code: 48, Name: 'terminated' }, PlatformDetails: 'Linux/UNIX' }],
      ReservationId: 'r-2',
    },
  ],
};

export const managedPrefixListsDoc = {
  PrefixLists: [
    { AddressFamily: 'IPv4', MaxEntries: 10, OwnerId: '111122223333', PrefixListId: 'pl-1', PrefixListName: 'corp', State: 'create-complete' },
    { AddressFamily: 'IPv6', MaxEntries: 5, OwnerId: '111122223333', PrefixListId: 'pl-2', PrefixListName: 'corp-v6', State: 'create-complete' },
  ],
};

/** describe-prefix-lists (AWS service lists): CIDRs inline. */
export const awsPrefixListsDoc = {
  PrefixLists: [{ Cidrs: ['52.218.128.0/17', '54.231.160.0/19'], PrefixListId: 'pl-68a54001', PrefixListName: 'com.amazonaws.us-west-2.s3' }],
};

export const prefixListEntriesDoc = {
  Entries: [{ Cidr: '192.168.0.0/24', Description: 'office' }, { Cidr: '192.168.10.0/24' }],
};

export const routeTablesDoc = {
  RouteTables: [
    {
      Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-1', RouteTableId: 'rtb-1' }],
      RouteTableId: 'rtb-1',
      Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }],
      VpcId: 'vpc-1',
    },
  ],
};
