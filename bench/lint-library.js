// Stand-in for `synack lint DIR` while the command does not exist: loadSnapshot + lintSnapshot from dist/.
import { loadSnapshot } from '../dist/sources/index.js';
import { lintSnapshot } from '../dist/lint/run.js';

const loaded = await loadSnapshot([process.argv[2]]);
const result = lintSnapshot(loaded.snapshot);
if (result.findings.length < 0) process.exitCode = 1;
