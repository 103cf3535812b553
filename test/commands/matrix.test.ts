import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTROL_CHARS, NET, ROOT, runCli } from './helpers.js';

/** `synack matrix` as a user runs it: the built CLI over test/fixtures/commands/net (web and db subnets). */
const tmp = mkdtempSync(join(tmpdir(), 'synack-matrix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(`${ROOT}schemas/matrix-output.schema.json`, 'utf8')) as object);

describe('synack matrix: formats', () => {
  it('text: a grid of marks, one per service, and exit 0', async () => {
    const r = await runCli(['matrix', NET, '--ports', '22,5432']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2 services (tcp/22, tcp/5432) between 2 groups by subnet: 2 ENIs in 2 equivalence classes');
    expect(r.stdout).toMatch(/\n1 subnet-0a1a1a1a1a1a1a1a1 \(web\) +·· +✗~\n/);
    expect(r.stdout).toMatch(/\n2 subnet-0b2b2b2b2b2b2b2b2 \(db\) +✗✗ +··\n/);
    expect(r.stdout).not.toMatch(CONTROL_CHARS);
  });

  it('text --counts: the pair counts of every cell, with a pair to trace', async () => {
    const r = await runCli(['matrix', NET, '--ports', '5432', '--counts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  ~ 1 → 2 tcp/5432: 1 partial (50.8% of client ports get replies); e.g. eni-0a1a1a1a1a1a1a1a1 → eni-0b2b2b2b2b2b2b2b2 (partial)');
  });

  it('json: validates against schemas/matrix-output.schema.json', async () => {
    const r = await runCli(['matrix', NET, '--ports', '22,5432', '--by', 'eni', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { cells: { source: string; destination: string; service: string; verdict: string; partialFraction?: unknown }[]; summary: { services: { pairs: Record<string, number> }[] } };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.cells).toHaveLength(2 * 2 * 2);
    expect(doc.cells.find((c) => c.source === 'eni-0a1a1a1a1a1a1a1a1' && c.destination === 'eni-0b2b2b2b2b2b2b2b2' && c.service === 'tcp/5432')).toMatchObject({
      verdict: 'partial',
      partialFraction: { min: 0.507937, max: 0.507937, mean: 0.507937 },
    });
    expect(doc.summary.services[1]!.pairs).toEqual({ reachable: 0, partial: 1, unreachable: 1, unknown: 0, skipped: 0 });
  });

  it('csv: a header and one line per source, destination and service, to a file with -o', async () => {
    const out = join(tmp, 'matrix.csv');
    const r = await runCli(['matrix', NET, '--ports', '5432', '--format', 'csv', '-o', out]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('source,destination,service,protocol,port,verdict,pairs,reachable,partial,unreachable,unknown,skipped,partial_fraction_min,partial_fraction_max,partial_fraction_mean,example_from,example_to');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[2]).toBe('subnet-0a1a1a1a1a1a1a1a1,subnet-0b2b2b2b2b2b2b2b2,tcp/5432,tcp,5432,partial,1,0,1,0,0,0,0.507937,0.507937,0.507937,eni-0a1a1a1a1a1a1a1a1,eni-0b2b2b2b2b2b2b2b2');
  });

  it('html: one self-contained page with the data and the traces embedded', async () => {
    const out = join(tmp, 'matrix.html');
    const r = await runCli(['matrix', NET, '--ports', '22,5432', '--format', 'html', '-o', out]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/https?:\/\/|<link|\ssrc=/i);
    const data = JSON.parse(/<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(html)![1]!) as { traces: { verdict: string }[]; groups: unknown[] };
    expect(data.groups).toHaveLength(2);
    expect(data.traces.map((t) => t.verdict).sort()).toEqual(['partial', 'unreachable', 'unreachable', 'unreachable']);
  });
});

describe('synack matrix: cells whose ENI pairs disagree (examples/three-tier, public → public on tcp/443)', () => {
  const THREE_TIER = `${ROOT}examples/three-tier`;

  it('text: the cell is mixed (±), not partial, with its pairs by verdict — and mixed cells, like every verdict, leave the exit status 0', async () => {
    const r = await runCli(['matrix', THREE_TIER, '--ports', '443', '--counts']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n1 subnet-0pub00000000000a1 \(public-a\) +± +✗ +✗\n/);
    expect(r.stdout).toContain('  ± 1 → 1 tcp/443: 1 reachable, 1 unreachable; e.g. eni-0alb000000000000a → eni-0nat000000000000a (unreachable), eni-0nat000000000000a → eni-0alb000000000000a (reachable)');
  });

  it("is what the README's matrix section shows", async () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const block = /```console\n\$ \.\/bin\/run\.js matrix (.*)\n([\s\S]*?)```/.exec(readme);
    expect(block, 'README has a ./bin/run.js matrix example').not.toBeNull();
    const r = await runCli(['matrix', ...block![1]!.split(' ')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const line of block![2]!.split('\n').filter((l) => l.trim() !== '…')) expect(lines).toContain(line);
  });

  it('json and csv: verdict "mixed", counts per pair verdict', async () => {
    const json = await runCli(['matrix', THREE_TIER, '--ports', '443', '--format', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { cells: { source: string; destination: string }[]; summary: { services: { cells: Record<string, number> }[] } };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.cells.find((c) => c.source === 'subnet-0pub00000000000a1' && c.destination === 'subnet-0pub00000000000a1')).toMatchObject({
      verdict: 'mixed',
      pairs: 2,
      counts: { reachable: 1, partial: 0, unreachable: 1, unknown: 0, skipped: 0 },
    });
    expect(doc.summary.services[0]!.cells.mixed).toBe(1);
    const csv = await runCli(['matrix', THREE_TIER, '--ports', '443', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('\r\nsubnet-0pub00000000000a1,subnet-0pub00000000000a1,tcp/443,tcp,443,mixed,2,1,0,1,0,0,,,,eni-0alb000000000000a,eni-0nat000000000000a\r\n');
  });

  it('html: the page embeds the trace of one pair of each verdict of the mixed cell', async () => {
    const out = join(tmp, 'three-tier.html');
    const r = await runCli(['matrix', THREE_TIER, '--ports', '443', '--format', 'html', '-o', out]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const data = JSON.parse(/<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(readFileSync(out, 'utf8'))![1]!) as { rows: [number, ...unknown[]][][]; traces: { verdict: string }[] };
    const cell = data.rows[0]![0]!;
    expect(cell[0]).toBe(4); // mixed
    const examples = cell[10] as [string, string, number, number | null][];
    expect(examples.map((e) => [e[0], e[1]])).toEqual([
      ['eni-0alb000000000000a', 'eni-0nat000000000000a'],
      ['eni-0nat000000000000a', 'eni-0alb000000000000a'],
    ]);
    expect(examples.map((e) => data.traces[e[3]!]!.verdict)).toEqual(['unreachable', 'reachable']);
  });
});

describe('synack matrix: services file', () => {
  it('names the services of a YAML file, with their own client ports', async () => {
    const file = join(tmp, 'services.yaml');
    writeFileSync(file, 'services:\n  - name: postgres\n    protocol: tcp\n    port: 5432\n    clientPorts: linux\n  - {name: ssh, protocol: tcp, port: 22}\n');
    const r = await runCli(['matrix', NET, '--services', file, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('subnet-0a1a1a1a1a1a1a1a1,subnet-0b2b2b2b2b2b2b2b2,postgres,tcp,5432,reachable,1,1,0,0,0,0');
    expect(r.stdout).toContain('subnet-0a1a1a1a1a1a1a1a1,subnet-0b2b2b2b2b2b2b2b2,ssh,tcp,22,unreachable');
  });

  it('reports every problem of an invalid file at its line, and exits 2', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, '- name: pg\n  protocol: tcp\n  port: 99999\n- name: pg\n  protocol: sctp\n  port: 1\n  colour: red\n');
    const r = await runCli(['matrix', NET, '--services', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:3 /0/port: port must be a port from 0 to 65535`);
    expect(r.stderr).toContain(`${file}:5 /1/protocol: protocol must be one of tcp, udp`);
    expect(r.stderr).toContain(`${file}:7 /1/colour: unknown property "colour"`);
  });

  it('rejects a name used twice', async () => {
    const file = join(tmp, 'twice.json');
    writeFileSync(file, '[{"name": "a", "protocol": "tcp", "port": 1},\n {"name": "a", "protocol": "udp", "port": 2}]\n');
    const r = await runCli(['matrix', NET, '--services', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/twice\.json:2 \/1\/name: service name "a" is used twice/);
  });
});

describe('synack matrix: usage errors exit 2 with one line on stderr and nothing on stdout', () => {
  it.each([
    ['neither --ports nor --services', [NET], /^--ports: no service to evaluate: give --ports/],
    ['a bad port list', [NET, '--ports', '22,https'], /^--ports: expected a comma-separated list of ports/],
    ['an unknown grouping', [NET, '--ports', '22', '--by', 'vpc'], /^--by: expected subnet, eni, sg or tag:KEY/],
    ['a bad client range', [NET, '--ports', '22', '--client-ports', '9-1'], /^--client-ports: expected lo-hi/],
    ['a bad --format', [NET, '--ports', '22', '--format', 'xml'], /^synack: Expected --format=xml to be one of: text, json, csv, html \(see --help\)\n$/],
    ['both --ports and --services', [NET, '--ports', '22', '--services', 'x.yaml'], /^synack: .*--services.*cannot also be provided when using --ports|^synack: .*--ports.*cannot also be provided/],
  ])('%s', async (_, args, stderr) => {
    const r = await runCli(['matrix', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });
});
