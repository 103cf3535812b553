import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, formatProblem, type InputProblem } from '../../src/model/errors.js';
import { parseFlowsText, readFlowsFile } from '../../src/sources/flows-file.js';

function problemsOf(fn: () => unknown): InputProblem[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return [...err.problems];
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('flows file: accepted shapes', () => {
  it('reads a YAML list, defaulting protocol to tcp and locating each flow', () => {
    const file = parseFlowsText(
      ['# flows', '- name: web to db', '  from: 10.0.1.10', '  to: eni-0b2b', '  port: 5432', '  expect: reachable', '- from: i-1', '  to: 10.0.2.20', '  protocol: udp', '  port: 53', '  clientPorts: 1024-65535', ''].join('\n'),
      'flows.yaml',
    );
    expect(file.format).toBe('yaml');
    expect(file.flows).toEqual([
      { name: 'web to db', from: '10.0.1.10', to: 'eni-0b2b', protocol: 'tcp', port: 5432, expect: 'reachable', source: { file: 'flows.yaml', pointer: '/0', line: 2 } },
      { from: 'i-1', to: '10.0.2.20', protocol: 'udp', port: 53, clientPorts: '1024-65535', source: { file: 'flows.yaml', pointer: '/1', line: 7 } },
    ]);
    expect(file.line('/1/clientPorts')).toBe(11);
  });

  it('reads {flows: [...]} in YAML', () => {
    const file = parseFlowsText('flows:\n  - from: a\n    to: b\n    port: 443\n    clientPorts: windows\n', 'f.yml');
    expect(file.flows.map((f) => [f.source.pointer, f.source.line, f.clientPorts])).toEqual([['/flows/0', 2, 'windows']]);
  });

  it('reads a JSON list and {flows: [...]} in JSON, comments allowed', () => {
    const list = parseFlowsText('[\n  {"from": "a", "to": "b", "port": 443}\n]\n', 'flows.json');
    expect(list.format).toBe('json');
    expect(list.flows[0]).toMatchObject({ from: 'a', to: 'b', port: 443, protocol: 'tcp', source: { pointer: '/0', line: 2 } });
    const doc = parseFlowsText('{\n  // ours\n  "$schema": "./schemas/flows.schema.json",\n  "flows": [\n    {"from": "a", "to": "b", "port": 22, "expect": "unreachable"}\n  ]\n}\n', 'flows.json');
    expect(doc.flows[0]).toMatchObject({ expect: 'unreachable', source: { pointer: '/flows/0', line: 5 } });
  });

  it('guesses JSON or YAML from the content when the extension says nothing', () => {
    expect(parseFlowsText('[{"from": "a", "to": "b", "port": 1}]', 'flows').format).toBe('json');
    expect(parseFlowsText('- {from: a, to: b, port: 1}', 'flows').format).toBe('yaml');
  });

  it('reads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synack-flows-'));
    const path = join(dir, 'flows.yaml');
    writeFileSync(path, '- from: a\n  to: b\n  port: 80\n');
    const file = await readFlowsFile(path);
    expect(file.flows[0]!.source).toEqual({ file: path, pointer: '/0', line: 1 });
  });
});

describe('flows file: problems carry file, pointer and line', () => {
  it('reports every schema problem at once, each at its line', () => {
    const yaml = [
      '- from: a', //             1
      '  to: b', //               2
      '  port: "443"', //         3
      '  protocol: icmp', //      4
      '- from: c', //             5
      '  prot: tcp', //           6
      '  port: 70000', //         7
      '  clientPorts: mac', //    8
      '  expect: yes', //         9
    ].join('\n');
    const problems = problemsOf(() => parseFlowsText(yaml, 'flows.yaml'));
    expect(problems.map(formatProblem)).toEqual([
      'flows.yaml:3 /0/port: port must be an integer, got "443"',
      'flows.yaml:4 /0/protocol: protocol must be one of tcp, udp, got "icmp"',
      'flows.yaml:5 /1: missing required property "to"',
      'flows.yaml:6 /1/prot: unknown property "prot" (expected one of name, from, to, protocol, port, clientPorts, expect)',
      'flows.yaml:7 /1/port: port must be a port from 0 to 65535, got 70000',
      'flows.yaml:8 /1/clientPorts: clientPorts must be a port range "lo-hi" (e.g. 32768-60999) or a profile (linux, windows, windows-legacy, nat-gateway, elb, lambda, any), got "mac"',
      'flows.yaml:9 /1/expect: expect must be one of reachable, partial, unreachable, unknown, got "yes"',
    ]);
  });

  it('locates problems in JSON by line too', () => {
    const json = '{\n  "flows": [\n    {\n      "from": "a",\n      "to": "b",\n      "port": -1\n    },\n    {"from": "a", "to": "b"}\n  ]\n}\n';
    expect(problemsOf(() => parseFlowsText(json, 'f.json')).map(formatProblem)).toEqual([
      'f.json:6 /flows/0/port: port must be a port from 0 to 65535, got -1',
      'f.json:8 /flows/1: missing required property "port"',
    ]);
  });

  it('rejects a range that is not a port range', () => {
    const problems = problemsOf(() => parseFlowsText('- {from: a, to: b, port: 1, clientPorts: 5000-1024}\n- {from: a, to: b, port: 1, clientPorts: 1-99999}', 'f.yaml'));
    expect(problems.map((p) => [p.line, p.pointer])).toEqual([
      [1, '/0/clientPorts'],
      [2, '/1/clientPorts'],
    ]);
    expect(problems[0]!.message).toContain('"5000-1024" is not a port range');
  });

  it('explains a document of the wrong shape', () => {
    expect(problemsOf(() => parseFlowsText('from: a\nto: b\nport: 1\n', 'f.yaml')).map(formatProblem)).toEqual([
      'f.yaml:1: missing required property "flows"',
      'f.yaml:1 /from: unknown property "from" (expected one of flows, $schema)',
      'f.yaml:2 /to: unknown property "to" (expected one of flows, $schema)',
      'f.yaml:3 /port: unknown property "port" (expected one of flows, $schema)',
    ]);
    expect(problemsOf(() => parseFlowsText('"just a string"', 'f.json')).map(formatProblem)).toEqual([
      'f.json:1: expected a list of flows or an object with a "flows" list, got "just a string"',
    ]);
    expect(problemsOf(() => parseFlowsText('[]', 'f.json')).map(formatProblem)).toEqual(['f.json:1: the list of flows is empty']);
    expect(problemsOf(() => parseFlowsText('flows: 3', 'f.yaml')).map(formatProblem)).toEqual(['f.yaml:1 /flows: "flows" must be a list of flows, got 3']);
    expect(problemsOf(() => parseFlowsText('- 3', 'f.yaml')).map(formatProblem)).toEqual(['f.yaml:1 /0: a flow must be an object with from, to and port, got 3']);
  });

  it('reports JSON syntax errors with their line', () => {
    const problems = problemsOf(() => parseFlowsText('[\n  {"from": "a", "to": "b", "port": 1}\n  {"from": "c"}\n]', 'f.json'));
    expect(problems[0]).toMatchObject({ file: 'f.json', line: 3 });
    expect(problems[0]!.message).toBe('invalid JSON: expected ","');
  });

  it('reports duplicate keys in JSON and in YAML', () => {
    expect(problemsOf(() => parseFlowsText('[{"from": "a", "to": "b",\n "port": 1, "port": 2}]', 'f.json')).map(formatProblem)).toEqual([
      'f.json:2: invalid JSON: duplicate property "port"',
    ]);
    const yaml = problemsOf(() => parseFlowsText('- from: a\n  to: b\n  port: 1\n  port: 2\n', 'f.yaml'));
    expect(yaml[0]).toMatchObject({ file: 'f.yaml', line: 4 });
    expect(yaml[0]!.message).toMatch(/^invalid YAML: .*unique/i);
  });

  it('reports YAML syntax errors on one line each', () => {
    const problems = problemsOf(() => parseFlowsText('- from: a\n  to: [b\n', 'f.yaml'));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.message).toMatch(/^invalid YAML: /);
      expect(p.message).not.toContain('\n');
    }
  });

  it('reports a file that cannot be read', async () => {
    await expect(readFlowsFile('/nonexistent/flows.yaml')).rejects.toMatchObject({
      problems: [{ file: '/nonexistent/flows.yaml', message: 'cannot read the flows file: no such file' }],
    });
  });

  it('does not let __proto__ keys reach the prototype', () => {
    const problems = problemsOf(() => parseFlowsText('[{"from": "a", "to": "b", "port": 1, "__proto__": {"x": 1}}]', 'f.json'));
    expect(problems.map((p) => p.pointer)).toEqual(['/0/__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
