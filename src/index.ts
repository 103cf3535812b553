// synack as a library: load inputs into a Snapshot, index it, trace flows, format results.
export { loadSnapshot, type LoadedSnapshot } from './sources/index.js';
export { readFlowsFile, parseFlowsText, type FlowSpec, type FlowsFile, type ExpectedVerdict } from './sources/flows-file.js';
export { SnapshotIndex } from './model/snapshot-index.js';
export { traceFlow, CLIENT_PORT_PROFILES } from './engine/flow.js';
export { InputError, formatProblem, type InputProblem } from './model/errors.js';
export { renderTrace, renderCheck, type TextOptions } from './report/text.js';
export { renderTraceJson, renderCheckJson, traceToJson, checkToJson, type FlowCheck } from './report/json.js';
export { escapeTerminal } from './report/escape.js';
export type * from './engine/types.js';
export type * from './model/snapshot.js';
export type { SourceLocation } from './model/source.js';
