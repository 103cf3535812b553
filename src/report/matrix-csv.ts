import type { MatrixInfo, MatrixRow } from '../engine/matrix.js';

/**
 * CSV output of `synack matrix` (RFC 4180, CRLF line ends): one line per (source, destination, service),
 * written row by row as the matrix is computed. Group ids and names come from the input (tag values are
 * anyone's to set), so every field is quoted when it needs to be, and a field that a spreadsheet would take
 * for a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP "CSV injection").
 * `verdict` is the cell's (mixed when its pairs disagree); the counts are per pair verdict; the example is
 * the representative pair (for a mixed cell an unreachable one when there is one).
 */
export const MATRIX_CSV_COLUMNS = [
  'source',
  'destination',
  'service',
  'protocol',
  'port',
  'verdict',
  'pairs',
  'reachable',
  'partial',
  'unreachable',
  'unknown',
  'skipped',
  'partial_fraction_min',
  'partial_fraction_max',
  'partial_fraction_mean',
  'example_from',
  'example_to',
] as const;

export function matrixCsvHeader(): string {
  return MATRIX_CSV_COLUMNS.join(',') + '\r\n';
}

export function matrixCsvRow(info: MatrixInfo, row: MatrixRow): string {
  const source = field(info.groups[row.source]!.id);
  const destinations = info.groups.map((g) => field(g.id));
  const services = info.services.map((s) => `${field(s.name)},${s.protocol},${s.port}`);
  let out = '';
  for (let i = 0; i < row.length; i++) {
    const slot = row.representativeSlot(i);
    const f = row.partialFraction(i);
    out += `${source},${destinations[row.destination(i)]},${services[row.service(i)]},${row.verdict(i)},${row.pairs(i)},${row.count(i, 'reachable')},${row.count(i, 'partial')},${row.count(i, 'unreachable')},${row.count(i, 'unknown')},${row.skipped(i)},${f ? `${f.min},${f.max},${f.mean}` : ',,'},${slot >= 0 ? `${field(row.exampleId(i, slot, 0)!)},${field(row.exampleId(i, slot, 1)!)}` : ','}\r\n`;
  }
  return out;
}

export function renderMatrixCsv(info: MatrixInfo, rows: Iterable<MatrixRow>): string {
  let out = matrixCsvHeader();
  for (const row of rows) out += matrixCsvRow(info, row);
  return out;
}

/** A CSV field: formula triggers defused, quoted when it holds a comma, quote or line break. */
export function field(text: string): string {
  let t = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  if (/[",\r\n]/.test(t)) t = `"${t.replace(/"/g, '""')}"`;
  return t;
}
