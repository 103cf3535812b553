import { causeLocation, flowText, reportedFlows, verdictsText, type DiffResult } from '../analysis/diff.js';
import type { Finding, Severity } from '../lint/types.js';
import type { SourceLocation } from '../model/source.js';
import { escapeTerminal } from './escape.js';
import type { FlowCheck } from './json.js';

/**
 * GitHub Actions workflow commands that annotate files in a run and a pull request:
 * `::error file=…,line=…,title=…::message` (and `::warning`, `::notice`). Pure: the command decides where
 * they go (stderr, see docs/ci.md) and maps input files to repository paths (`fileOf`).
 *
 * Escaping follows the runner's rules (actions/toolkit `command.ts`): in the message `%`, CR and LF become
 * `%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A` and `%2C`, so a Name tag cannot
 * end a property or start a command of its own. Other control and bidi characters become visible escapes.
 * GitHub shows at most 10 annotations of each level per step (50 per job): errors come first, and the list
 * is cut at `limit` with a last notice saying how many were left out.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly title?: string;
  /** Path relative to the repository root. */
  readonly file?: string;
  readonly line?: number;
}

/** Maps an input file (as named on the command line) to a repository path; undefined: not a file there. */
export type FileOf = (file: string) => string | undefined;

export const ANNOTATION_LIMIT = 50;

const LEVEL_ORDER: Readonly<Record<AnnotationLevel, number>> = { error: 0, warning: 1, notice: 2 };

export function renderAnnotations(list: readonly Annotation[], limit = ANNOTATION_LIMIT): string {
  const sorted = [...list].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  const shown = sorted.slice(0, limit);
  const lines = shown.map(annotationLine);
  if (sorted.length > shown.length) {
    lines.push(annotationLine({ level: 'notice', title: 'synack', message: `${sorted.length - shown.length} more annotations were left out; see the report for all of them.` }));
  }
  return lines.map((l) => `${l}\n`).join('');
}

export function annotationLine(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined && a.file !== '') props.push(`file=${escapeProperty(a.file)}`);
  if (a.file !== undefined && a.line !== undefined) props.push(`line=${a.line}`);
  if (a.title !== undefined && a.title !== '') props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}`;
}

/** A command's message: `%`, CR, LF as the runner decodes them; other controls made visible. */
export function escapeData(text: string): string {
  return escapeTerminal(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value: as escapeData, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const LEVEL: Readonly<Record<Severity, AnnotationLevel>> = { error: 'error', warning: 'warning', note: 'notice' };

function at(location: SourceLocation | undefined, fileOf: FileOf): Pick<Annotation, 'file' | 'line'> {
  if (!location) return {};
  const file = fileOf(location.file);
  if (file === undefined) return {};
  return { file, ...(location.line !== undefined ? { line: location.line } : {}) };
}

function findingAnnotation(f: Finding, fileOf: FileOf, prefix = ''): Annotation {
  return { level: LEVEL[f.severity], title: `synack ${prefix}${f.ruleId}`, message: `${f.resource.id}: ${f.message}`, ...at(f.location, fileOf) };
}

/** Unsuppressed findings, at their input rule. */
export function lintAnnotations(findings: readonly Finding[], fileOf: FileOf): Annotation[] {
  return findings.filter((f) => !f.suppressed).map((f) => findingAnnotation(f, fileOf));
}

/** Flows that missed their expectation, at their entry in the flows file. */
export function checkAnnotations(checks: readonly FlowCheck[], sources: readonly (SourceLocation | undefined)[], fileOf: FileOf): Annotation[] {
  return checks.flatMap((c, i): Annotation[] => {
    if (c.pass) return [];
    const r = c.result;
    const flow = `${r.query.from} → ${r.query.to} ${r.protocol}/${r.port}`;
    return [{ level: 'error', title: `synack check: ${c.name ?? flow}`, message: `${flow}: expected ${c.expect ?? 'reachable'}, got ${r.summary}`, ...at(sources[i], fileOf) }];
  });
}

/**
 * Broken flows (errors) and worse flows (warnings) at the rule the change made (else the rule that now
 * decides them, the NACL or group, or their entry in the flows file), and the introduced unsuppressed
 * findings at their rule.
 */
export function diffAnnotations(result: DiffResult, fileOf: FileOf): Annotation[] {
  const out: Annotation[] = [];
  for (const f of reportedFlows(result)) {
    if (f.kind !== 'broken' && f.kind !== 'worse') continue;
    const label = `${f.name !== undefined ? `${f.name}: ` : ''}${flowText(f)}`;
    const fix = f.after?.fixes[0];
    out.push({
      level: f.kind === 'broken' ? 'error' : 'warning',
      title: `synack diff: ${f.kind} flow ${f.query.protocol}/${f.query.port}`,
      message: `${label}: ${verdictsText(f)}. ${f.after?.summary ?? ''}${fix ? `\nFix: ${fix.summary}` : ''}`,
      ...at(causeLocation(f.cause) ?? f.source, fileOf),
    });
  }
  for (const c of result.findings.introduced) if (!c.finding.suppressed) out.push(findingAnnotation(c.finding, fileOf, 'new '));
  return out;
}
