// Terraform plan JSON (`terraform show -json plan.out`) → DocumentImport: the network as it will be after
// apply.
//
// What synack reads, and how values unknown until apply are treated:
// - Resources come from resource_changes[].change.after (planned_values for plans without them); those the
//   plan deletes are gone. Every model object's source is that object (`/resource_changes/3/change/after`,
//   `…/after/ingress/1` for an inline rule) with the resource address.
// - Ids: a known id is the model id; a resource created by the plan is known by its address, and a
//   reference to it (`security_group_id = aws_security_group.web.id`, through module outputs and variables,
//   `count.index` / `each.key`) resolves to that address. Ids AWS assigns to objects that are not resources
//   of their own are named `<address>.<attribute>` (`aws_vpc.main.default_security_group_id`,
//   `aws_instance.web.primary_network_interface_id`); aws_default_network_acl / aws_default_security_group
//   stand for the VPC's default NACL / group they adopt.
// - A value that the configuration leaves out is the provider's to compute: the ingress/egress of a new
//   group or NACL are empty (the provider revokes AWS's default egress rule), a rule's other peers absent.
//   Rules written in `dynamic` blocks are absent from the configuration: a planned rule whose group id is
//   unknown is matched to the static block it came from only when no other planned rule fits that block;
//   and a whole rule set unknown until apply is read from its static blocks, so a `dynamic` block whose
//   for_each is unknown until apply adds nothing to it — a limitation of the plan format.
// - Left out when unknown, because AWS assigns them and no verdict is guessed from their absence: private
//   addresses, the subnet AWS picks for an instance without subnet_id (its NACLs then read "not
//   evaluated"), VPC/subnet blocks from IPAM or Amazon's IPv6 pool, a security group's VPC, names.
// - Anything else unknown (a CIDR, a port, an id that refers to nothing the plan holds, a local value) is
//   reported as a problem naming the resource and attribute.
// - A standalone rule of a group the plan does not hold makes a group known by its rules only; a NACL rule
//   or association of a NACL the plan does not hold is left out (a NACL's rules mean nothing without the
//   rest of its list).
import type { InputProblem } from '../../model/errors.js';

export { isTerraformPlan } from './detect.js';
import { Problems, type DocumentImport } from '../document-import.js';
import type { JsonObject } from '../fields.js';
import { PlanIndex } from './plan.js';
import { importPlan } from './resources.js';
import { validateIac } from '../iac-schema.js';

export function readTerraformPlan(body: JsonObject, file: string): { result: DocumentImport; problems: InputProblem[] } {
  const problems = new Problems(validateIac('terraform-plan', body, file, describePlanPath));
  if (!('planned_values' in body) && !('resource_changes' in body)) {
    problems.add(
      { file, pointer: '' },
      'the document has neither planned_values nor resource_changes; expected the output of terraform show -json PLANFILE (a state shown with terraform show -json has "values" instead, which synack does not read)',
    );
  }
  const plan = new PlanIndex(body, file);
  return { result: importPlan(plan, problems), problems: problems.list };
}

/** `resource_changes item 3 change` for messages. */
function describePlanPath(segments: readonly string[]): string {
  if (segments.length === 0) return 'the plan';
  const last = segments[segments.length - 1]!;
  if (/^\d+$/.test(last)) return `${segments[segments.length - 2] ?? ''} item ${last}`.trim();
  return last;
}
