// The command map oclif loads (package.json: oclif.commands.strategy "explicit"): no file system scanning.
import Check from './check.js';
import Diff from './diff.js';
import Fetch from './fetch.js';
import Lint from './lint.js';
import Matrix from './matrix.js';
import Trace from './trace.js';

export const commands = { trace: Trace, check: Check, lint: Lint, fetch: Fetch, matrix: Matrix, diff: Diff };
export default commands;
