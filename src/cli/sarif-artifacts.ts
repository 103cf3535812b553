import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodePath, type ArtifactRef } from '../report/sarif.js';

/** SARIF artifact locations: relative to the working directory (%SRCROOT%) when inside it, else `file:` URIs. */
export function artifactIn(cwd: string): (file: string) => ArtifactRef | undefined {
  return (file) => {
    if (/^[a-z][a-z0-9+.-]+:/i.test(file)) return undefined; // live:eu-west-1 and the like: not a file
    const abs = path.resolve(cwd, file);
    const rel = path.relative(cwd, abs);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: encodePath(rel.split(path.sep).join('/')), uriBaseId: '%SRCROOT%' };
    return { uri: pathToFileURL(abs).href };
  };
}
