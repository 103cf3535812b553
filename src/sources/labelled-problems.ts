// The value checks of ./values.ts word their messages for one field; an importer that reads a field of a
// rule block or a resource says whose field it is (`aws_security_group.web ingress[0]: …`, `Sg SecurityGroupIngress[1]: …`).
import { Problems } from './document-import.js';

/** Runs checks against a scratch list and adds their problems to `problems`, each message prefixed with `label`. */
export function labelled<T>(label: string, problems: Problems, run: (p: Problems) => T): T {
  const scratch = new Problems();
  const result = run(scratch);
  for (const p of scratch.list) problems.list.push({ ...p, message: `${label}: ${p.message}` });
  return result;
}
