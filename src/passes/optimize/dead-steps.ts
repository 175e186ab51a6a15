import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { nodeOutputs, resolveCall } from "../../ir/query/callee.js";
import { exprSites, subExpressions, walkNodes } from "../../ir/query/walk.js";
import { SHOWN_ARTIFACT_TYPES, type Pipeline, type Program, type Step } from "../../ir/types.js";

/**
 * Steps that run for nothing: what they run has outputs, but no expression of their pipeline reads any
 * of them (arguments, env, conditions, loop items, importer URIs, a deployed serve's storage, pipeline
 * outputs), none is an artifact the UI shows for itself (metrics, HTML, Markdown), no node runs `after`
 * them, and what they run declares no side effects — so removing them changes no result. A component
 * with no outputs at all can only be run for what it does outside them, so it is never reported.
 * A step that calls a pipeline is dead on the same terms, unless some step the called pipeline runs
 * (transitively) declares side effects. Pure: a warning per dead step, at the step.
 */
export function deadSteps(program: Program): Diagnostic[] {
  const effects = new Map<string, boolean>();
  const out: Diagnostic[] = [];
  for (const pipeline of program.pipelines) {
    for (const step of deadStepsOf(program, pipeline, effects)) out.push(M.deadStep.at(step.loc, step.name, step.call.kind, step.call.name));
  }
  return out;
}

/** The dead steps of one pipeline's own body (and its `finally`), in source order. */
export function deadStepsOf(program: Program, pipeline: Pipeline, effects = new Map<string, boolean>()): Step[] {
  const nodes = walkNodes(pipeline);
  const used = new Set<string>();
  for (const site of exprSites(program, pipeline, nodes)) {
    for (const e of subExpressions(site.expr)) if (e.kind === "output" || e.kind === "collect") used.add(e.step);
  }
  for (const { node } of nodes) {
    if (node.kind === "step" || node.kind === "importer" || node.kind === "deploy") for (const a of node.after) used.add(a.step);
  }
  const dead: Step[] = [];
  for (const { node } of nodes) {
    if (node.kind !== "step" || used.has(node.name)) continue;
    const outputs = nodeOutputs(program, node) ?? [];
    if (outputs.length === 0 || outputs.some((o) => o.type.kind === "artifact" && SHOWN_ARTIFACT_TYPES.has(o.type.name))) continue;
    if (hasSideEffects(program, node.call, effects)) continue;
    dead.push(node);
  }
  return dead;
}

/**
 * Whether running `call` may act outside its outputs: a component that declares `sideEffects`, a
 * pipeline any of whose steps (transitively) calls one, or something unknown (a front end reported it;
 * assumed to act). `memo` holds the answers per pipeline; a pipeline being looked at counts as acting,
 * so a cycle (reported elsewhere) ends.
 */
function hasSideEffects(program: Program, call: Step["call"], memo: Map<string, boolean>): boolean {
  const callee = resolveCall(program, call);
  if (callee === undefined) return true;
  if (callee.kind === "component") return callee.component.sideEffects;
  const name = callee.pipeline.name;
  const known = memo.get(name);
  if (known !== undefined) return known;
  memo.set(name, true);
  const acts = walkNodes(callee.pipeline).some(
    ({ node }) => node.kind === "deploy" || (node.kind === "step" && hasSideEffects(program, node.call, memo)),
  );
  memo.set(name, acts);
  return acts;
}
