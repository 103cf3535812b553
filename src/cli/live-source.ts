// --live for the commands that read files (trace, check, lint): the fetched network joins the sources.
import { snapshotFromFiles, type InputFile, type LoadedSnapshot, type LoadOptions } from '../sources/index.js';
import { fetchSnapshot, type SnapshotDocument } from '../sources/live/index.js';
import { readInputFiles } from '../sources/read-files.js';
import { snapshotText } from '../sources/write-snapshot.js';
import type { Deps } from './deps.js';
import { progressHooks } from './fetch.js';
import type { CliIo } from './io.js';
import { liveOptionsFromFlags, showProgress, type AwsFlagValues } from './live-flags.js';

/**
 * `deps` whose loadSnapshot also reads the network from AWS when --live is given: the fetched snapshot joins
 * the source files (if any) as one more input, named `aws:<region>`.
 */
export function withLiveSource(
  deps: Deps,
  flags: AwsFlagValues & { readonly live?: boolean },
  io: Pick<CliIo, 'stderr'>,
  tool: { readonly name: string; readonly version: string },
): Deps {
  if (!flags.live) return deps;
  const options = liveOptionsFromFlags(flags);
  const loadSnapshot = async (paths: readonly string[], loadOptions: LoadOptions = {}): Promise<LoadedSnapshot> => {
    const [read, doc] = await Promise.all([readInputFiles(paths), fetchSnapshot(options, { tool, ...progressHooks(showProgress(flags), io) })]);
    const name = liveSourceName(doc);
    // --source-type is about the files; the fetched network is a synack snapshot, whatever it says.
    const live: InputFile = { path: name, text: snapshotText(doc), explicit: true, options: { sourceType: 'snapshot' } };
    return snapshotFromFiles([...read.files, live], read.problems, [...paths, name], loadOptions);
  };
  return { ...deps, loadSnapshot };
}

function liveSourceName(doc: SnapshotDocument): string {
  const regions = doc.metadata.regions ?? (doc.metadata.region !== undefined ? [doc.metadata.region] : []);
  return `aws:${regions.length > 3 ? `${regions.length}-regions` : regions.join('+')}`;
}
