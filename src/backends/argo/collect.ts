import { literal } from "./oneof.js";

/**
 * `collect(s.y)` of a step that an iteration may skip: `s` is under an `if` inside the loop's body
 * (a component step or a sub-pipeline call), so it runs in some iterations only.
 *
 * **What a skipped iteration contributes: nothing.** KFP collects a loop's outputs from the
 * iterations whose producer ran; a skipped one adds no entry. Argo must give the same list.
 *
 * **Why not the plain aggregate.** The iteration's DAG template exposes `s-y` to the loop; read as
 * `valueFrom.parameter: {{tasks.s.outputs.parameters.y}}`, a skipped `s` has no `y` (an "absent
 * optional"), and the controller fails the iteration's DAG node, hence the loop and the run
 * (`getTemplateOutputsFromScope`, argo-workflows `workflow/controller/operator.go`). A
 * `valueFrom.default` would keep the run going but put a marker in the list for every skipped
 * iteration, which the reader would have to remove — and a marker among JSON lists makes Argo's
 * aggregation fall back to a list of strings (`aggregatedJSONValueList` parses the values only when
 * every one of them is a list or an object), so a `List` output would change shape.
 *
 * **The form.** Each iteration gives a JSON list, `[]` when `s` did not succeed and `[y]` when it
 * did: `valueFrom.expression` over the task's status, in the DAG's scope at its end, where Argo puts
 * every task's `status` and outputs (`resolveParameter`, `operator.go`). Every value being a list,
 * Argo's aggregate over the iterations is always the JSON list of them; the DAG that holds the looped
 * task keeps the entries that are not empty and unwraps them:
 *
 * ```
 * toJson(map(filter(fromJSON(tasks['for-x'].outputs.parameters['s-y']), {len(#) > 0}), {#[0]}))
 * ```
 *
 * as an argument (`{{=…}}`) or, when it exposes the list further up, as its own output's
 * `valueFrom.expression`. The result is the list the plain aggregate would be without the skipped
 * iterations: each value a string (as Argo aggregates parameters), or, for a `List` or `Struct`
 * output, its JSON read back (`fromJSON(y)`), as Argo does when all values are lists or objects.
 */

/** The expression an iteration's DAG template exposes `task`'s `output` with: `[]` or `[value]`. */
export function iterationValue(task: string, output: string, json: boolean): string {
  const read = `tasks[${literal(task)}].outputs.parameters[${literal(output)}]`;
  return `toJson(tasks[${literal(task)}].status == 'Succeeded' ? [${json ? `fromJSON(${read})` : read}] : [])`;
}

/** The expression of the values of the iterations that ran, from a looped task's aggregate of `iterationValue`s. */
export function keptValues(loopTask: string, exposed: string): string {
  return `toJson(map(filter(fromJSON(tasks[${literal(loopTask)}].outputs.parameters[${literal(exposed)}]), {len(#) > 0}), {#[0]}))`;
}
