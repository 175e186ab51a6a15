import type { Component, Loc, Node, Pipeline, Program, Serve, Tune } from "../ir/types.js";

/**
 * Where in the sources a field of a manifest mlpc sent comes from, for the field errors of a 422
 * answer (`details.causes[].field`, such as `spec.templates[3].container.image`). The path is
 * followed through the manifest; each object on the way that the back ends name after a construct
 * is matched to it by that name:
 *
 * - Argo: a template (`spec.templates[i]`, also under `spec.workflowSpec`) named after a pipeline or
 *   a component; a DAG task or a steps entry named after a step of that pipeline; a template's
 *   `container.image` is the component's `image`; `arguments.parameters[i]` a pipeline parameter;
 * - Katib: `spec.parameters[i]` a searched parameter of the tune, `spec.objective` its objective,
 *   `spec.algorithm` its algorithm;
 * - KServe: `spec.predictor.model` the serve's model, `spec.transformer` its transformer.
 *
 * The deepest construct found is the answer; undefined when the path names none (the caller then
 * reports at the declaration, with the path).
 */
export function fieldLocation(manifest: unknown, field: string, programs: readonly Program[]): Loc | undefined {
  const path = parseFieldPath(field);
  if (path === undefined) return undefined;
  const components = new Map<string, Component>();
  const pipelines = new Map<string, Pipeline>();
  const tunes = new Map<string, Tune>();
  const serves = new Map<string, Serve>();
  for (const p of programs) {
    for (const c of p.components) components.set(c.name, c);
    for (const q of p.pipelines) pipelines.set(q.name, q);
    for (const t of p.tunes) tunes.set(t.name, t);
    for (const s of p.serves) serves.set(s.name, s);
  }
  const root = manifest as { kind?: string; metadata?: { name?: string }; spec?: unknown };
  let found: Loc | undefined;
  let pipeline: Pipeline | undefined;
  let component: Component | undefined;
  const tune = root.kind === "Experiment" ? tunes.get(root.metadata?.name ?? "") : undefined;
  const serve = root.kind === "InferenceService" ? serves.get(root.metadata?.name ?? "") : undefined;
  if (serve !== undefined) found = serve.loc;
  if (tune !== undefined) found = tune.loc;
  let value: unknown = manifest;
  for (let i = 0; i < path.length; i++) {
    value = child(value, path[i]);
    if (value === undefined) break;
    const at = path.slice(0, i + 1).map(String);
    const key = at[at.length - 2];
    const name = (value as { name?: unknown }).name;
    const named = typeof name === "string" ? name : undefined;
    if (key === "templates" && named !== undefined) {
      pipeline = pipelines.get(named);
      component = pipeline === undefined ? components.get(named) : undefined;
      found = pipeline?.loc ?? component?.loc ?? found;
    } else if ((key === "tasks" || (typeof path[i] === "number" && at[at.length - 3] === "steps")) && named !== undefined && pipeline !== undefined) {
      found = findStep(pipeline.body, named)?.loc ?? found;
    } else if (typeof path[i] === "number" && /^spec(\.workflowSpec)?\.arguments\.parameters$/.test(at.slice(0, -1).join(".")) && named !== undefined) {
      const wf = pipelines.get(String((manifest as { spec?: { entrypoint?: string; workflowSpec?: { entrypoint?: string } } }).spec?.entrypoint ?? (manifest as { spec?: { workflowSpec?: { entrypoint?: string } } }).spec?.workflowSpec?.entrypoint ?? ""));
      found = wf?.params.find((p) => p.name === named)?.loc ?? found;
    } else if (component !== undefined && path[i] === "image" && at[at.length - 2] === "container") {
      found = component.image.loc;
    } else if (tune !== undefined && key === "parameters" && at.length === 3 && named !== undefined) {
      found = tune.search.find((s) => s.name === named)?.loc ?? found;
    } else if (tune !== undefined && at.join(".") === "spec.objective") found = tune.objective.loc;
    else if (tune !== undefined && at.join(".") === "spec.algorithm") found = tune.algorithm.loc;
    else if (serve !== undefined && at.join(".") === "spec.predictor.model") found = serve.model.loc;
    else if (serve !== undefined && at.join(".") === "spec.transformer") found = serve.transformer?.loc ?? found;
  }
  return found;
}

/** `spec.templates[3].container.image` → `["spec", "templates", 3, "container", "image"]`; undefined when it is not such a path. */
export function parseFieldPath(field: string): (string | number)[] | undefined {
  const text = field.replace(/^\./, "");
  const out: (string | number)[] = [];
  const re = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\.|\[([^\]]*)\]/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (m = re.exec(text)) !== null) {
    at = re.lastIndex;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return at === text.length && out.length > 0 ? out : undefined;
}

/** The value under `key` (an index, a property, or `name=x` / `x` selecting a list entry by name). */
function child(value: unknown, key: string | number): unknown {
  if (typeof key === "number") return Array.isArray(value) ? value[key] : undefined;
  if (Array.isArray(value)) {
    const name = key.startsWith("name=") ? key.slice(5) : key;
    return value.find((v) => (v as { name?: unknown })?.name === name);
  }
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The step, importer or deploy named `name` anywhere in `body` (in conditions' branches and loops too). */
function findStep(body: readonly Node[], name: string): Node | undefined {
  for (const n of body) {
    if ((n.kind === "step" || n.kind === "importer" || n.kind === "deploy") && n.name === name) return n;
    const inner = n.kind === "loop" ? [n.body] : n.kind === "condition" ? n.branches.map((b) => b.body) : [];
    for (const b of inner) {
      const found = findStep(b, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
