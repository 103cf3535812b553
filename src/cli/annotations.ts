import path from 'node:path';
import { renderAnnotations, type Annotation, type FileOf } from '../report/github-annotations.js';
import type { CliIo } from './io.js';

// GitHub Actions annotations, shared by lint, check and diff.

/**
 * Annotations are written when running in GitHub Actions (`GITHUB_ACTIONS=true`, set by the runner) and not
 * turned off with `--no-annotations`.
 */
export function annotationsWanted(flag: boolean, io: Pick<CliIo, 'env'>): boolean {
  return flag && io.env.GITHUB_ACTIONS === 'true';
}

/**
 * Annotations go to stderr, for every format. The runner reads workflow commands from a step's stderr as
 * well as its stdout (actions/runner: ScriptHandler subscribes the same handler to both streams), and
 * stderr keeps stdout exactly the report — `--format sarif > results.sarif` stays valid SARIF, and
 * annotations written to stdout would vanish into that file. See docs/ci.md.
 */
export function emitAnnotations(list: readonly Annotation[], io: Pick<CliIo, 'stderr'>): void {
  const text = renderAnnotations(list);
  if (text !== '') io.stderr(text);
}

/**
 * Input files as repository paths for annotations: relative to GITHUB_WORKSPACE (the checkout) when set,
 * else to the working directory; files outside it, and pseudo-files such as `aws:eu-west-1`, get no path
 * (the annotation is then attached to the run, not to a file).
 */
export function repositoryPath(cwd: string, env: Readonly<Record<string, string | undefined>>): FileOf {
  const root = env.GITHUB_WORKSPACE !== undefined && env.GITHUB_WORKSPACE !== '' ? path.resolve(cwd, env.GITHUB_WORKSPACE) : cwd;
  return (file) => {
    if (/^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return undefined;
    const rel = path.relative(root, path.resolve(cwd, file));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  };
}
