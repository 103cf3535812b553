/** The first `./bin/run.js …` line of an example's README, as CLI arguments: the command a reader runs. */
export function exampleCommand(readme) {
  const line = readme.split('\n').find((l) => l.startsWith('./bin/run.js '));
  return line?.slice('./bin/run.js '.length).trim().split(/\s+/);
}
