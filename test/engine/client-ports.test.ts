import { describe, expect, it } from 'vitest';
import { CLIENT_PORT_PROFILES, inferClientPorts, parseClientPorts } from '../../src/engine/client-ports.js';
import { eni, instance } from '../helpers/model.js';

describe('client port ranges', () => {
  it('has the ranges of aws-semantics.md §3', () => {
    expect(CLIENT_PORT_PROFILES).toEqual({
      linux: [32768, 60999],
      windows: [49152, 65535],
      'windows-legacy': [1025, 5000],
      'nat-gateway': [1024, 65535],
      elb: [1024, 65535],
      lambda: [1024, 65535],
      any: [1024, 65535],
    });
  });

  it('parses a profile or lo-hi, and nothing else', () => {
    expect(parseClientPorts('windows')).toMatchObject({ range: [49152, 65535], profile: 'windows' });
    expect(parseClientPorts('40000-50000')).toMatchObject({ range: [40000, 50000], profile: 'custom' });
    expect(parseClientPorts('macos')).toBeUndefined();
    expect(parseClientPorts('5000-4000')).toBeUndefined();
  });

  it('infers the range from the interface type, the ELB description and the instance platform', () => {
    const base = eni('eni-1', 's', '10.0.0.1', []);
    expect(inferClientPorts({ eni: { ...base, interfaceType: 'nat_gateway' } }).profile).toBe('nat-gateway');
    expect(inferClientPorts({ eni: { ...base, interfaceType: 'network_load_balancer' } }).profile).toBe('elb');
    expect(inferClientPorts({ eni: { ...base, description: 'ELB app/my-alb/50dc6c495c0c9188' } }).profile).toBe('elb');
    expect(inferClientPorts({ eni: { ...base, interfaceType: 'lambda' } }).profile).toBe('lambda');
    expect(inferClientPorts({ eni: base, instance: instance('i-1', ['eni-1'], { platform: 'windows' }) }).profile).toBe('windows');
    expect(inferClientPorts({ eni: base, instance: instance('i-1', ['eni-1'], { platformDetails: 'Linux/UNIX' }) }).profile).toBe('linux');
  });

  it('falls back to any (1024-65535) without evidence, and says so', () => {
    const r = inferClientPorts({ eni: eni('eni-1', 's', '10.0.0.1', []) });
    expect(r).toMatchObject({ profile: 'any', range: [1024, 65535] });
    expect(r.reason).toMatch(/nothing in the snapshot/);
  });
});
