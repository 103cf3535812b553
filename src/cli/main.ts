// The CLI's entry point. bin/run.js imports the bundled copy of this module (scripts/bundle-cli.js), which
// holds oclif, the command map and, in chunks loaded on demand, each command's runner.
import { execute } from '@oclif/core';

/** Runs the command line; `bin` is the URL of bin/run.js, from which oclif finds package.json. */
export async function main(bin: string): Promise<void> {
  await execute({ dir: bin });
}
