// The command map oclif loads (package.json: oclif.commands.strategy "explicit"): no file system scanning.
import Check from './check.js';
import Trace from './trace.js';

export const commands = { trace: Trace, check: Check };
export default commands;
