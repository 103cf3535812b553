import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { buildMatrix, explainingPairs, MatrixTotals, type MatrixGroupBy, type MatrixRow, type MatrixService, type ResolvedService } from '../engine/matrix.js';
import type { FlowResult } from '../engine/types.js';
import { InputError, type InputProblem } from '../model/errors.js';
import { SnapshotIndex } from '../model/snapshot-index.js';
import { renderMatrixHtml, pairKey } from '../report/matrix-html.js';
import { matrixCsvHeader, matrixCsvRow } from '../report/matrix-csv.js';
import { matrixJsonHead, matrixJsonRow, matrixJsonTail } from '../report/matrix-json.js';
import { renderMatrixText } from '../report/matrix-text.js';
import { useColor } from './color.js';
import { loadOptionsOf, warnIfParametersUnused, type Deps, type SourceReadOptions } from './deps.js';
import { reportError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { progressFor, type Progress } from './progress.js';
import { schemaValidator } from '../sources/compiled-schemas.js';

export type MatrixFormat = 'text' | 'json' | 'csv' | 'html';

export interface MatrixCliOptions extends SourceReadOptions {
  readonly sources: readonly string[];
  /** `22,443,5432`. */
  readonly ports?: string;
  /** Path of a services file (JSON or YAML; schemas/services.schema.json). */
  readonly services?: string;
  /** `subnet`, `eni`, `sg` or `tag:KEY`. */
  readonly by: string;
  readonly protocol: 'tcp' | 'udp';
  readonly clientPorts?: string;
  readonly format: MatrixFormat;
  /** Write here instead of stdout. */
  readonly output?: string;
  readonly color?: boolean;
  /** Text: list each cell's pair counts. */
  readonly counts?: boolean;
  /** `--quiet`: no progress line on stderr (there is one only when stderr is a terminal). */
  readonly quiet?: boolean;
  /** Where progress goes instead of stderr's status line (tests, embedding). */
  readonly progress?: Progress;
}

/** The HTML page holds the whole grid: beyond this many groups a page is no longer readable (nor small). */
export const HTML_MAX_GROUPS = 400;
/** Traces of representative pairs embedded in the HTML page; other cells show the command to run. */
export const HTML_MAX_TRACES = 3000;

/**
 * `synack matrix`: load → classify → rows → report. csv and json are written row by row as the matrix is
 * computed (memory stays bounded by one row); text and html need the whole grid. Exit 0 on success, 2 on
 * usage or input errors — the verdicts are the report, not a failure: no cell verdict (unreachable, partial,
 * mixed, unknown) changes the exit status.
 */
export async function runMatrix(opts: MatrixCliOptions, io: CliIo, deps: Deps): Promise<ExitCode> {
  let sink: Sink | undefined;
  // csv and json stream rows as they are computed: to the terminal, a status line would land among them.
  const streamsToScreen = opts.output === undefined && io.stdoutIsTTY && (opts.format === 'csv' || opts.format === 'json');
  const progress = opts.progress ?? progressFor(io, { quiet: opts.quiet === true, sharesScreen: streamsToScreen });
  try {
    const by = parseGroupBy(opts.by);
    const services = await readServices(opts);
    const loaded = await deps.loadSnapshot(opts.sources, loadOptionsOf(opts));
    warnIfParametersUnused(opts, [loaded], io);
    const index = new SnapshotIndex(loaded.snapshot);
    // The text grid shows marks only: without --counts it needs no example pairs.
    const examples = opts.format !== 'text' || opts.counts === true;
    progress.step(`sorting ${loaded.snapshot.enis.length} interfaces into classes`);
    const matrix = buildMatrix(index, { services, by, examples, ...(opts.clientPorts !== undefined ? { clientPorts: opts.clientPorts } : {}) });
    if (opts.format === 'html' && matrix.groups.length > HTML_MAX_GROUPS) {
      throw new InputError([{ file: '--format', message: `the HTML page shows at most ${HTML_MAX_GROUPS} groups and --by ${opts.by} makes ${matrix.groups.length}: group more coarsely (--by subnet or tag:KEY) or use --format csv/json` }]);
    }
    sink = opts.output !== undefined ? fileSink(opts.output) : stdoutSink(io);
    const rows = () => withProgress(matrix.rows(), matrix.groups.length, progress);
    switch (opts.format) {
      case 'csv':
        sink.write(matrixCsvHeader());
        for (const row of rows()) sink.write(matrixCsvRow(matrix, row));
        break;
      case 'json': {
        const totals = new MatrixTotals(matrix.services.length);
        sink.write(matrixJsonHead(matrix));
        let first = true;
        for (const row of rows()) {
          totals.add(row);
          sink.write(matrixJsonRow(matrix, row, first));
          first = false;
        }
        sink.write(matrixJsonTail(matrix, totals));
        break;
      }
      case 'text': {
        const color = opts.output === undefined && useColor({ flag: opts.color, env: io.env, stdoutIsTTY: io.stdoutIsTTY });
        const text = renderMatrixText(matrix, rows(), { color, counts: opts.counts === true });
        progress.done();
        sink.write(text);
        break;
      }
      case 'html': {
        const all = [...rows()];
        progress.step('tracing a representative pair of every cell');
        const traces = representativeTraces(index, matrix.services, all, deps, loaded.locate);
        const page = renderMatrixHtml(matrix, all, { sources: opts.sources, traces });
        progress.done();
        sink.write(page);
        break;
      }
    }
    progress.done();
    sink.close();
    return ExitCode.ok;
  } catch (err) {
    progress.done();
    sink?.abort();
    return reportError(err, io);
  }
}

/** The rows, saying on the status line how far they are (every 1 % of them, and a step costs a clock read). */
function* withProgress<T>(rows: Iterable<T>, count: number, progress: Progress): Generator<T> {
  const every = Math.max(1, Math.floor(count / 100));
  let done = 0;
  for (const row of rows) {
    if (done % every === 0) progress.step(`row ${done + 1} of ${count}`);
    done++;
    yield row;
  }
}

/**
 * Traces of the pairs that explain each cell (explainingPairs), up to HTML_MAX_TRACES: first every cell's
 * representative pair, row by row; then, while the budget lasts, the other pairs of mixed cells (one of each
 * verdict), so that mixed cells never cost another cell its trace.
 */
function representativeTraces(
  index: SnapshotIndex,
  services: readonly ResolvedService[],
  rows: readonly MatrixRow[],
  deps: Deps,
  locate: Parameters<Deps['fillLines']>[1],
): Map<string, FlowResult> {
  const traces = new Map<string, FlowResult>();
  for (const pass of [0, 1]) {
    for (const row of rows) {
      for (const cell of row.cells) {
        const pairs = explainingPairs(cell);
        for (const pair of pass === 0 ? pairs.slice(0, 1) : pairs.slice(1)) {
          if (traces.size >= HTML_MAX_TRACES) return traces;
          const key = pairKey(pair.from, pair.to, cell.service);
          if (traces.has(key)) continue;
          const s = services[cell.service]!;
          const clientPorts = s.clientPorts ? `${s.clientPorts.range[0]}-${s.clientPorts.range[1]}` : undefined;
          const result = deps.traceFlow(index, { from: pair.from, to: pair.to, protocol: s.protocol, port: s.port, ...(clientPorts !== undefined ? { clientPorts } : {}) });
          traces.set(key, deps.fillLines(result, locate));
        }
      }
    }
  }
  return traces;
}

export function parseGroupBy(text: string): MatrixGroupBy {
  const t = text.trim();
  if (t === 'subnet' || t === 'eni' || t === 'sg') return { kind: t };
  if (t.startsWith('tag:') && t.length > 4) return { kind: 'tag', key: t.slice(4) };
  throw new InputError([{ file: '--by', message: `expected subnet, eni, sg or tag:KEY (e.g. tag:Name), got ${JSON.stringify(text)}` }]);
}

/** `--ports 22,443` (with --protocol) or `--services FILE`: exactly one of the two. */
async function readServices(opts: MatrixCliOptions): Promise<MatrixService[]> {
  if (opts.ports !== undefined && opts.services !== undefined) {
    throw new InputError([{ file: '--services', message: 'give either --ports or --services, not both' }]);
  }
  if (opts.services !== undefined) return readServicesFile(opts.services);
  if (opts.ports === undefined) throw new InputError([{ file: '--ports', message: 'no service to evaluate: give --ports (e.g. --ports 22,443,5432) or --services FILE' }]);
  const ports: number[] = [];
  for (const part of opts.ports.split(',')) {
    const p = part.trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) > 65535) {
      throw new InputError([{ file: '--ports', message: `expected a comma-separated list of ports from 0 to 65535 (e.g. 22,443,5432), got ${JSON.stringify(part)}` }]);
    }
    if (!ports.includes(Number(p))) ports.push(Number(p));
  }
  return ports.map((port) => ({ name: `${opts.protocol}/${port}`, protocol: opts.protocol, port }));
}

// ───────────────────────────────────────── services file ─────────────────────────────────────────

export async function readServicesFile(path: string): Promise<MatrixService[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
    throw new InputError([{ file: path, message: `cannot read the services file: ${why}` }]);
  }
  return parseServicesText(text, path);
}

/** Parses and validates a services file (YAML, of which JSON is a subset); every problem at once, with lines. */
export function parseServicesText(text: string, file: string): MatrixService[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw new InputError(doc.errors.map((err) => ({ file, ...(err.linePos ? { line: err.linePos[0].line } : {}), message: `invalid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]}` })));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InputError([{ file, message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  const line = (pointer: string): number | undefined => {
    let node: unknown = doc.contents;
    for (const seg of pointer.split('/').slice(1)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
        node = pair?.value ?? pair?.key;
      } else if (isSeq(node)) node = node.items[Number(seg)];
      else return undefined;
    }
    const range = (node as YamlNode | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const at = (pointer: string, message: string): InputProblem => {
    const l = line(pointer);
    return { file, pointer, ...(l !== undefined ? { line: l } : {}), message };
  };

  const validate = schemaValidator('services');
  if (!validate(value)) throw new InputError(schemaProblems(validate.errors ?? []).map((p) => at(p.pointer, p.message)));

  const listPointer = Array.isArray(value) ? '' : '/services';
  const list = (Array.isArray(value) ? value : (value as { services: unknown[] }).services) as MatrixService[];
  const problems: InputProblem[] = [];
  const names = new Set<string>();
  list.forEach((s, i) => {
    if (names.has(s.name)) problems.push(at(`${listPointer}/${i}/name`, `service name ${JSON.stringify(s.name)} is used twice: names label the matrix columns`));
    names.add(s.name);
    if (s.clientPorts !== undefined && /^\d/.test(s.clientPorts)) {
      const [lo, hi] = s.clientPorts.split('-').map(Number) as [number, number];
      if (lo > 65535 || hi > 65535 || lo > hi) problems.push(at(`${listPointer}/${i}/clientPorts`, `"${s.clientPorts}" is not a port range: expected lo-hi with 0 <= lo <= hi <= 65535`));
    }
  });
  if (problems.length) throw new InputError(problems);
  return list.map((s) => ({ name: s.name, protocol: s.protocol, port: s.port, ...(s.clientPorts !== undefined ? { clientPorts: s.clientPorts } : {}) }));
}


function schemaProblems(errors: readonly ErrorObject[]): { pointer: string; message: string }[] {
  const anyOf = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const seen = new Set<string>();
  const out: { pointer: string; message: string }[] = [];
  for (const e of errors) {
    if (e.keyword === 'if' || anyOf.some((p) => e.schemaPath.startsWith(p))) continue;
    const field = e.instancePath.split('/').pop() ?? '';
    const params = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    let message: string;
    switch (e.keyword) {
      case 'required':
        message = `missing required property "${String(params.missingProperty)}"`;
        break;
      case 'additionalProperties':
        pointer = `${pointer}/${String(params.additionalProperty)}`;
        message = `unknown property "${String(params.additionalProperty)}" (a service has name, protocol, port and clientPorts)`;
        break;
      case 'enum':
        message = `${field} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
        break;
      case 'anyOf':
        message = `${field} must be a port range "lo-hi" (e.g. 32768-60999) or a profile (linux, windows, windows-legacy, nat-gateway, elb, lambda, any)`;
        break;
      case 'minimum':
      case 'maximum':
        message = `${field} must be a port from 0 to 65535`;
        break;
      case 'minItems':
        message = 'the list of services is empty';
        break;
      case 'type':
        message = pointer === '' ? 'expected a list of services or an object with a "services" list' : `${field || 'value'} must be ${String(params.type) === 'integer' || String(params.type) === 'object' || String(params.type) === 'array' ? 'an' : 'a'} ${String(params.type)}`;
        break;
      default:
        message = `${field || 'value'} ${e.message ?? 'is invalid'}`;
    }
    const key = `${pointer}\u0000${message}`;
    if (!seen.has(key)) out.push({ pointer, message });
    seen.add(key);
  }
  return out;
}

// ───────────────────────────────────────── output ─────────────────────────────────────────

interface Sink {
  write(text: string): void;
  close(): void;
  /** After an error: drop what is buffered (a file already opened is left as it is). */
  abort(): void;
}

const CHUNK = 1 << 16;

/** Buffers small writes into 64 KiB chunks; stdout is written synchronously for files and pipes on Linux. */
function stdoutSink(io: CliIo): Sink {
  let buffer = '';
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) {
        io.stdout(buffer);
        buffer = '';
      }
    },
    close() {
      if (buffer) io.stdout(buffer);
      buffer = '';
    },
    abort() {
      buffer = '';
    },
  };
}

function fileSink(path: string): Sink {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
    throw new InputError([{ file: '-o', message: `cannot write ${path}: ${why}` }]);
  }
  let buffer = '';
  let open = true;
  const flush = () => {
    if (buffer) writeSync(fd, buffer);
    buffer = '';
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) flush();
    },
    close() {
      if (!open) return;
      flush();
      closeSync(fd);
      open = false;
    },
    abort() {
      if (!open) return;
      buffer = '';
      closeSync(fd);
      open = false;
    },
  };
}
