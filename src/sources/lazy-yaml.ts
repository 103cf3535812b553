// The yaml package, loaded on first use: most runs read only JSON, and loading it (72 modules) cost ≈50 ms of
// every command's start-up. Synchronous, because the importers that need it are.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

type YamlLib = typeof Yaml;

let lib: YamlLib | undefined;

export function yamlLib(): YamlLib {
  return (lib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}
