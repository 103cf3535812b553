import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { useColor } from '../../src/cli/color.js';
import type { Deps } from '../../src/cli/deps.js';
import { reportError, usageErrorText } from '../../src/cli/errors.js';
import { memoryIo } from '../../src/cli/io.js';
import { runTrace } from '../../src/cli/trace.js';
import type { FlowQuery, FlowResult } from '../../src/engine/types.js';
import { InputError } from '../../src/model/errors.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { partial, reachable, unreachable } from '../report/sample-results.js';

/**
 * The command plumbing (exit codes, output, error mapping, colour) with stand-ins for the engine and the
 * importers: port 5432 → reachable, 6000 → partial, 22 → unreachable, anything else → unknown endpoint.
 */
const stubDeps = (overrides: Partial<Deps> = {}): Deps => ({
  loadSnapshot: async () => ({ snapshot: emptySnapshot(), locate: () => 7 }),
  traceFlow: (_index, query: FlowQuery): FlowResult => {
    const byPort: Record<number, FlowResult> = { 5432: reachable, 6000: partial, 22: unreachable };
    const result = byPort[query.port];
    if (!result) throw new InputError([{ file: '--to', message: `no interface, instance or subnet matches ${query.to}` }]);
    return { ...result, query };
  },
  fillLines: (value) => value,
  ...overrides,
});

const traceOpts = { sources: ['exports/'], from: 'eni-web', to: '10.0.2.20', protocol: 'tcp' as const, format: 'text' as const };
const joined = (parts: string[]) => parts.join('');

describe('runTrace', () => {
  it('exits 0 for a reachable flow and prints the trace on stdout only', async () => {
    const io = memoryIo();
    expect(await runTrace({ ...traceOpts, port: 5432 }, io, stubDeps())).toBe(0);
    expect(joined(io.out)).toContain('verdict  REACHABLE');
    expect(io.err).toEqual([]);
  });

  it('exits 1 for partial and unreachable flows', async () => {
    expect(await runTrace({ ...traceOpts, port: 6000 }, memoryIo(), stubDeps())).toBe(1);
    expect(await runTrace({ ...traceOpts, port: 22 }, memoryIo(), stubDeps())).toBe(1);
  });

  it('passes the query through, client ports included', async () => {
    let seen: FlowQuery | undefined;
    const deps = stubDeps({ traceFlow: (_i, q) => ((seen = q), reachable) });
    await runTrace({ ...traceOpts, protocol: 'udp', port: 53, clientPorts: 'windows' }, memoryIo(), deps);
    expect(seen).toEqual({ from: 'eni-web', to: '10.0.2.20', protocol: 'udp', port: 53, clientPorts: 'windows' });
  });

  it('fills source lines before printing', async () => {
    const deps = stubDeps({
      fillLines: (value, locate) => JSON.parse(JSON.stringify(value).replace(/"line":\d+/g, `"line":${locate({ file: 'x', pointer: '' })}`)),
    });
    const io = memoryIo();
    await runTrace({ ...traceOpts, port: 5432, format: 'json' }, io, deps);
    expect(joined(io.out)).toContain('"line": 7');
  });

  it('prints input errors as file:line pointer: message lines on stderr, exits 2, writes nothing on stdout', async () => {
    const io = memoryIo();
    const deps = stubDeps({
      loadSnapshot: async () => {
        throw new InputError([
          { file: 'nacls.json', pointer: '/NetworkAcls/0/Entries/2/RuleNumber', line: 14, message: 'expected an integer' },
          { file: 'sgs.json', message: 'not JSON' },
        ]);
      },
    });
    expect(await runTrace({ ...traceOpts, port: 5432, format: 'json' }, io, deps)).toBe(2);
    expect(io.out).toEqual([]);
    expect(joined(io.err)).toBe('nacls.json:14 /NetworkAcls/0/Entries/2/RuleNumber: expected an integer\nsgs.json: not JSON\n');
  });

  it('exits 2 when an endpoint does not resolve', async () => {
    const io = memoryIo();
    expect(await runTrace({ ...traceOpts, port: 1 }, io, stubDeps())).toBe(2);
    expect(joined(io.err)).toBe('--to: no interface, instance or subnet matches 10.0.2.20\n');
  });

  it('reports a bug as an internal error, exit 70, with the stack only under DEBUG', async () => {
    const boom = stubDeps({
      traceFlow: () => {
        throw new TypeError('x is undefined');
      },
    });
    const io = memoryIo();
    expect(await runTrace({ ...traceOpts, port: 5432 }, io, boom)).toBe(70);
    expect(io.out).toEqual([]);
    expect(joined(io.err)).toMatch(/^synack: internal error: x is undefined\n/);
    expect(joined(io.err)).not.toContain('    at ');
    const debug = memoryIo({ env: { DEBUG: '1' } });
    await runTrace({ ...traceOpts, port: 5432 }, debug, boom);
    expect(joined(debug.err)).toContain('    at ');
  });

  it('colours only for a terminal without NO_COLOR and without --no-color', async () => {
    const run = async (io: ReturnType<typeof memoryIo>, color?: boolean) => {
      await runTrace({ ...traceOpts, port: 5432, ...(color !== undefined ? { color } : {}) }, io, stubDeps());
      return joined(io.out);
    };
    expect(await run(memoryIo({ stdoutIsTTY: true }))).toContain('\u001b[');
    expect(await run(memoryIo({ stdoutIsTTY: false }))).not.toContain('\u001b');
    expect(await run(memoryIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } }))).not.toContain('\u001b');
    expect(await run(memoryIo({ stdoutIsTTY: true }), false)).not.toContain('\u001b');
    expect(await run(memoryIo({ stdoutIsTTY: false }), true)).toContain('\u001b[');
  });
});

describe('runCheck', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synack-check-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('exits 0 when every flow gets its expectation; a flow without expect must be reachable', async () => {
    const flows = write('ok.yaml', '- {from: a, to: b, port: 5432}\n- {from: a, to: b, port: 22, expect: unreachable}\n');
    const io = memoryIo();
    expect(await runCheck({ sources: ['x'], flows, format: 'text' }, io, stubDeps())).toBe(0);
    expect(joined(io.out)).toContain('2 flows: 2 passed, 0 failed');
  });

  it('exits 1 when a flow misses its expectation', async () => {
    const flows = write('fail.json', '{"flows": [{"from": "a", "to": "b", "port": 6000}]}');
    const io = memoryIo();
    expect(await runCheck({ sources: ['x'], flows, format: 'json' }, io, stubDeps())).toBe(1);
    const out = JSON.parse(joined(io.out)) as { flows: { verdict: string; pass: boolean }[] };
    expect(out.flows).toMatchObject([{ verdict: 'partial', pass: false }]);
  });

  it('reports an endpoint that does not resolve at its line in the flows file, exit 2', async () => {
    const flows = write('bad-endpoint.yaml', '- from: a\n  to: b\n  port: 5432\n- name: ghost\n  from: a\n  to: nowhere\n  port: 1\n');
    const io = memoryIo();
    expect(await runCheck({ sources: ['x'], flows, format: 'text' }, io, stubDeps())).toBe(2);
    expect(io.out).toEqual([]);
    expect(joined(io.err)).toBe(`${flows}:6 /1/to: flow "ghost": no interface, instance or subnet matches nowhere\n`);
  });

  it('reports problems of the flows file and of the sources together', async () => {
    const flows = write('bad.yaml', '- {from: a, to: b}\n');
    const io = memoryIo();
    const deps = stubDeps({
      loadSnapshot: async () => {
        throw new InputError([{ file: 'sgs.json', line: 3, message: 'bad' }]);
      },
    });
    expect(await runCheck({ sources: ['x'], flows, format: 'text' }, io, deps)).toBe(2);
    expect(joined(io.err)).toBe(`${flows}:1 /0: missing required property "port"\nsgs.json:3: bad\n`);
  });
});

describe('useColor', () => {
  const tty = { flag: undefined, env: {}, stdoutIsTTY: true };
  it('follows the terminal, NO_COLOR, TERM=dumb, FORCE_COLOR and the flag', () => {
    expect(useColor(tty)).toBe(true);
    expect(useColor({ ...tty, stdoutIsTTY: false })).toBe(false);
    expect(useColor({ ...tty, env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColor({ ...tty, env: { NO_COLOR: '' } })).toBe(true);
    expect(useColor({ ...tty, env: { TERM: 'dumb' } })).toBe(false);
    expect(useColor({ ...tty, stdoutIsTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(useColor({ ...tty, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).toBe(false);
    expect(useColor({ ...tty, flag: false })).toBe(false);
    expect(useColor({ ...tty, stdoutIsTTY: false, flag: true })).toBe(true);
  });
});

describe('error mapping', () => {
  it("turns oclif's multi-line parse errors into one line, exit 2", () => {
    const err = new Errors.CLIError('Missing required flag port\nSee more help with --help');
    expect(usageErrorText(err)).toBe('synack: Missing required flag port (see --help)');
    const io = memoryIo();
    expect(reportError(err, io)).toBe(2);
    expect(io.err).toEqual(['synack: Missing required flag port (see --help)\n']);
  });

  it('escapes control characters in input error messages', () => {
    const io = memoryIo();
    reportError(new InputError([{ file: 'a\u001b[2J.json', message: 'bad \u0007' }]), io);
    expect(joined(io.err)).toBe('a\\x1b[2J.json: bad \\x07\n');
  });
});
