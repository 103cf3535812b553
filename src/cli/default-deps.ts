import { traceFlow } from '../engine/flow.js';
import { loadSnapshot } from '../sources/index.js';
import { fillLines } from '../sources/locate.js';
import type { Deps } from './deps.js';

export const defaultDeps: Deps = { loadSnapshot, traceFlow, fillLines };
