// The only file-system code of the importers: paths (files or folders) → texts.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputProblem } from '../model/errors.js';
import { looksLikeCloudFormation } from './cloudformation/detect.js';
import type { LoadOptions } from './index.js';

export interface InputFile {
  /** The path as the user named it, joined with the relative path for members of a named folder. */
  readonly path: string;
  readonly text: string;
  /** Named on the command line (true) or found in a named folder (false). */
  readonly explicit: boolean;
  /** How to read this file, instead of the options of the whole load (a fetched snapshot ignores --source-type). */
  readonly options?: LoadOptions;
}

/**
 * Reads named files, and under named folders (recursively, in name order) every `*.json` file and the
 * `*.yaml` / `*.yml` / `*.template` files that are CloudFormation templates.
 */
export async function readInputFiles(paths: readonly string[]): Promise<{ files: InputFile[]; problems: InputProblem[] }> {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch (e) {
      problems.push({ file: given, message: `cannot read: ${reason(e)}; expected a JSON file or a folder of JSON files` });
      continue;
    }
    if (info.isDirectory()) {
      const found = await listJsonFiles(given, problems);
      if (found.length === 0) problems.push({ file: given, message: 'the folder holds no *.json file; expected AWS CLI, np-guard or synack snapshot JSON files' });
      for (const file of found) {
        const t = await readText(file, problems);
        if (t !== undefined && (file.toLowerCase().endsWith('.json') || looksLikeCloudFormation(t))) files.push({ path: file, text: t, explicit: false });
      }
    } else {
      const t = await readText(given, problems);
      if (t !== undefined) files.push({ path: given, text: t, explicit: true });
    }
  }
  return { files, problems };
}

async function listJsonFiles(folder: string, problems: InputProblem[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (e) {
    problems.push({ file: folder, message: `cannot read the folder: ${reason(e)}` });
    return [];
  }
  const out: string[] = [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await listJsonFiles(full, problems)));
    else if (/\.(json|ya?ml|template)$/.test(entry.name.toLowerCase()) && (entry.isFile() || entry.isSymbolicLink())) out.push(full);
  }
  return out;
}

async function readText(file: string, problems: InputProblem[]): Promise<string | undefined> {
  try {
    // Decoded in one piece: readFile(file, 'utf8') decodes 512 KB chunks into a string of many parts, which is
    // copied again into one when it is first read.
    return (await readFile(file)).toString('utf8');
  } catch (e) {
    problems.push({ file, message: `cannot read: ${reason(e)}` });
    return undefined;
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or folder';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a folder';
  return err.message;
}
