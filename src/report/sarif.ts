import type * as Sarif from 'sarif';
import type { LintResult } from '../lint/run.js';
import type { Finding, LintRule, RuleMeta, Severity } from '../lint/types.js';
import type { SourceLocation } from '../model/source.js';
import { stringifyParts } from './json.js';
import { toJson } from './lint-json.js';

/**
 * SARIF 2.1.0 output of `synack lint`, for code-scanning tools (GitHub code scanning, Azure DevOps, IDE
 * viewers): one run, `tool.driver.rules` with every rule that ran (help text and a link to its page), one
 * result per finding with a physical location (artifact URI relative to %SRCROOT%, start line), related
 * locations, a stable partial fingerprint, and SARIF suppressions for suppressed findings — listed, not
 * dropped. Validated against the official SARIF 2.1.0 schema in test/report/sarif.test.ts.
 */

/** Where synack lives; rule pages are `${REPOSITORY_URL}/blob/main/docs/rules/<id>.md`. */
export const REPOSITORY_URL = 'https://github.com/synack-dev/synack';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our fingerprint in `partialFingerprints`: bump the suffix if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = 'synack/v1';

/** How a finding's file becomes an artifact location: relative to %SRCROOT% when inside it, else absolute. */
export interface ArtifactRef {
  /** A URI reference: a relative path with forward slashes (percent-encoded), or an absolute `file:` URI. */
  readonly uri: string;
  /** `%SRCROOT%` for relative URIs; absent for absolute ones. */
  readonly uriBaseId?: string;
}

export interface SarifOptions {
  /** synack's version (`tool.driver.version`). */
  readonly toolVersion: string;
  /**
   * Maps an input file as named on the command line to its artifact location. The command passes one that
   * knows the working directory; the default treats names as relative to %SRCROOT% (or absolute when they
   * start with `/` or a drive letter). Return undefined for pseudo-files that are not files (`live:…`).
   */
  readonly artifact?: (file: string) => ArtifactRef | undefined;
  /** Whether a `--baseline` was given: results then carry `baselineState` (new / unchanged). */
  readonly baseline?: boolean;
}

export function lintToSarif(result: Pick<LintResult, 'findings' | 'rules'>, opts: SarifOptions): Sarif.Log {
  const { log, resultOf } = sarifLog(result, opts);
  log.runs[0]!.results = result.findings.map(resultOf);
  return log;
}

export function renderSarif(result: Pick<LintResult, 'findings' | 'rules'>, opts: SarifOptions): string {
  return [...sarifParts(result, opts)].join('');
}

/** `renderSarif` in parts, made as they are asked for (see stringifyParts). */
export function sarifParts(result: Pick<LintResult, 'findings' | 'rules'>, opts: SarifOptions): Generator<string> {
  const { log, resultOf } = sarifLog(result, opts);
  return stringifyParts(log, ['runs', 0, 'results'], result.findings, resultOf);
}

/** The log with an empty list of results, and how a finding becomes one. */
function sarifLog(result: Pick<LintResult, 'findings' | 'rules'>, opts: SarifOptions): { log: Sarif.Log; resultOf: (f: Finding) => Sarif.Result } {
  // Once per file: every finding has a location or two, in a handful of files.
  const artifacts = new Map<string, ArtifactRef | undefined>();
  const artifact = (file: string): ArtifactRef | undefined => {
    if (!artifacts.has(file)) artifacts.set(file, (opts.artifact ?? defaultArtifact)(file));
    return artifacts.get(file);
  };
  const rules = [...result.rules];
  for (const f of result.findings) {
    // A finding of a rule missing from `rules` (a caller's custom rule set) still gets a descriptor.
    if (!rules.some((r) => r.meta.id === f.ruleId)) rules.push(placeholderRule(f.ruleId, f.severity));
  }
  const index = new Map(rules.map((r, i) => [r.meta.id, i] as const));
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'synack',
        version: opts.toolVersion,
        ...(/^\d+\.\d+\.\d+/.test(opts.toolVersion) ? { semanticVersion: opts.toolVersion } : {}),
        informationUri: REPOSITORY_URL,
        rules: rules.map((r) => ruleDescriptor(r.meta)),
      },
    },
    columnKind: 'unicodeCodePoints',
    results: [],
  };
  return {
    log: { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] },
    resultOf: (f) => resultOf(f, index.get(f.ruleId)!, artifact, opts.baseline === true),
  };
}

export function ruleHelpUri(meta: Pick<RuleMeta, 'docs'>): string {
  return `${REPOSITORY_URL}/blob/main/${meta.docs}`;
}

/** `nacl-return-missing` → `NaclReturnMissing`: SARIF's `name` is an identifier-like name of the rule. */
export function ruleName(id: string): string {
  return id
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('');
}

function ruleDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  const help = ruleHelpUri(meta);
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.summary },
    fullDescription: { text: `${meta.summary} ${meta.rationale}` },
    helpUri: help,
    help: {
      text: `${meta.summary}\n\n${meta.rationale}\n\nSee ${help} for an example and the fix.`,
      markdown: `**${meta.summary}**\n\n${meta.rationale}\n\nSee [${meta.id}](${help}) for an example and the fix.`,
    },
    defaultConfiguration: { level: meta.severity },
    properties: { tags: ['security', 'network', 'aws'] },
  };
}

function placeholderRule(id: string, severity: Severity): LintRule {
  return { meta: { id, severity, summary: id, rationale: '', docs: `docs/rules/${id}.md` }, check: () => [] };
}

function resultOf(f: Finding, ruleIndex: number, artifact: (file: string) => ArtifactRef | undefined, baseline: boolean): Sarif.Result {
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.severity,
    message: { text: messageText(f.message) },
  };
  const primary = f.location ? physicalLocation(f.location, artifact) : undefined;
  r.locations = [
    {
      ...(primary ? { physicalLocation: primary } : {}),
      logicalLocations: [{ name: f.resource.id, fullyQualifiedName: `${f.resource.type}/${f.resource.id}`, kind: 'resource' }],
    },
  ];
  const related = (f.related ?? []).flatMap((rel, i) => {
    const loc = physicalLocation(rel.location, artifact);
    return loc ? [{ id: i + 1, physicalLocation: loc, message: { text: messageText(rel.message) } }] : [];
  });
  if (related.length) r.relatedLocations = related;
  r.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  if (f.suppressed) {
    r.suppressions = [
      {
        kind: f.suppressed.kind === 'tag' ? 'inSource' : 'external',
        status: 'accepted',
        justification: f.suppressed.reason,
        properties: { synackKind: f.suppressed.kind },
      },
    ];
  }
  if (baseline) {
    if (f.suppressed?.kind === 'baseline') r.baselineState = 'unchanged';
    else if (!f.suppressed) r.baselineState = 'new';
  }
  const properties: Sarif.PropertyBag = { resource: { type: f.resource.type, id: f.resource.id, ...(f.resource.name !== undefined ? { name: f.resource.name } : {}) } };
  if (f.fix) properties.fix = f.fix.command !== undefined ? { summary: f.fix.summary, command: f.fix.command } : { summary: f.fix.summary };
  if (f.details !== undefined) {
    const details = toJson(f.details);
    if (details !== undefined) properties.details = details;
  }
  r.properties = properties;
  return r;
}

function physicalLocation(l: SourceLocation, artifact: (file: string) => ArtifactRef | undefined): Sarif.PhysicalLocation | undefined {
  const ref = artifact(l.file);
  if (!ref) return undefined;
  return {
    artifactLocation: ref.uriBaseId !== undefined ? { uri: ref.uri, uriBaseId: ref.uriBaseId } : { uri: ref.uri },
    ...(l.line !== undefined ? { region: { startLine: l.line } } : {}),
  };
}

/**
 * SARIF message text is plain text in which `[text](n)` would become a link to related location n
 * (SARIF 2.1.0 §3.11.6, embedded links): literal `[` and `]` from the input are escaped with a backslash,
 * and so is a backslash right before one of them.
 */
export function messageText(text: string): string {
  if (!/[[\]]/.test(text)) return text;
  return text.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, (ch) => `\\${ch}`);
}

/**
 * Names as given on the command line, relative to %SRCROOT%: backslashes become slashes, `./` is dropped,
 * each segment is percent-encoded. Absolute paths become `file:` URIs without a base. Pseudo-files such as
 * `live:eu-west-1` (a scheme-like prefix of two or more letters) are not files: no physical location.
 */
export function defaultArtifact(file: string): ArtifactRef | undefined {
  const slashed = file.replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]+:/i.test(slashed)) return undefined;
  if (/^[a-z]:\//i.test(slashed)) return { uri: `file:///${slashed.slice(0, 2)}${encodePath(slashed.slice(2))}` };
  if (slashed.startsWith('/')) return { uri: `file://${encodePath(slashed)}` };
  return { uri: encodePath(slashed.replace(/^(\.\/)+/, '')), uriBaseId: '%SRCROOT%' };
}

export function encodePath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
