#!/usr/bin/env node
// Bundles the command line (tsc's dist/cli/main.js, dist/commands/index.js and everything they import,
// oclif included) into dist/bundle/ with esbuild. Loading ≈250 separate modules (oclif's ≈110 CommonJS
// files, synack's ≈150) cost ≈150 ms of every command's start-up; a few chunks cost a fraction of that.
// Each command's runner stays a chunk of its own, imported when the command runs. The AWS SDK (live runs
// only) and yaml (loaded on first use, sources/lazy-yaml.ts) stay outside, in node_modules.
// `npm run build` runs this after tsc; bin/run.js and package.json's oclif.commands point at the bundle.
// Usage: node scripts/bundle-cli.js
import { build } from 'esbuild';

const ROOT = new URL('../', import.meta.url);

await build({
  absWorkingDir: new URL('.', ROOT).pathname,
  entryPoints: { main: 'dist/cli/main.js', commands: 'dist/commands/index.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  // oclif's ts-node and tsx support (development of TypeScript plugins, never reached by synack) would
  // otherwise pull in the TypeScript compiler.
  external: ['@aws-sdk/*', 'typescript', 'yaml'],
  // The bundle is an ES module; the CommonJS packages in it (oclif) still call require.
  banner: { js: "import { createRequire as __synackRequire } from 'node:module'; const require = __synackRequire(import.meta.url);" },
  logLevel: 'warning',
});
