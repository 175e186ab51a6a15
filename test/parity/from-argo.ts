import { parse } from "yaml";
import { parseCondition } from "./condition.js";
import {
  arg,
  concat,
  conjuncts,
  constText,
  seconds,
  type Arg,
  type ArgPart,
  type AffinityTerm,
  type EnvSource,
  type Loop,
  type Pipeline,
  type ContainerTask,
  type Task,
  type Value,
  type VolumeSource,
  type ReaderScope,
  canonicalJson,
  placeholdersIn,
  uriOf,
  toleration,
} from "./neutral.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- the reader walks untyped YAML */
type Y = any;

/** The input parameter the Argo back end adds for memoize keys (not an input of the component). */
const UPSTREAM_KEY = "mlpc-upstream";
/** The suffix of the parameters that carry an artifact's URI (`<artifact>-uri`, see `uriReport`). */
const URI_SUFFIX = "-uri";
/** The prefix of the task that deploys a serve (`deploy-<serve>`); KFP names that task `<serve>`. */
const DEPLOY_PREFIX = "deploy-";
/** The emptyDir the Argo back end mounts for output files (KFP's launcher provides those paths). */
const OUTPUTS_VOLUME = "mlpc-outputs";

type Scope = ReaderScope;

/** Reads a `<pipeline>.argo.yaml` (Workflow, WorkflowTemplate or CronWorkflow) into the neutral description. */
export function fromArgo(text: string): Pipeline {
  const doc = parse(text) as Y;
  const spec: Y = doc.kind === "CronWorkflow" ? doc.spec.workflowSpec : doc.spec;
  const templates = new Map<string, Y>((spec.templates as Y[]).map((t) => [t.name, t]));
  const tmpl = (name: string): Y => {
    const t = templates.get(name);
    if (t === undefined) throw new Error(`Argo: no template ${name}`);
    return t;
  };
  const podLabels: Record<string, string> = spec.podMetadata?.labels ?? {};
  const podAnnotations: Record<string, string> = spec.podMetadata?.annotations ?? {};
  const tasks: Record<string, Task> = {};
  const loops: Loop[] = [];

  /** Loop and wrapper DAGs the back end generates (`for-<variable>`, `for-<variable>-body`). */
  const isGroup = (task: Y): boolean => /^for-/.test(task.name) && /^for-/.test(task.template);
  const innerPrefix = (task: Y, prefix: string): string => (isGroup(task) ? prefix : `${prefix}${task.name}/`);
  const looped = (task: Y): boolean => task.withItems !== undefined || task.withParam !== undefined;

  /** The neutral name of a leaf task: its name, but a deploy's without `deploy-` (see ABSTRACTIONS). */
  const taskKey = (task: Y, prefix: string): string => {
    const t = tmpl(task.template);
    return prefix + (t.resource !== undefined && task.name.startsWith(DEPLOY_PREFIX) ? task.name.slice(DEPLOY_PREFIX.length) : task.name);
  };

  const leaves = (task: Y, prefix: string): string[] => {
    const t = tmpl(task.template);
    if (t.dag === undefined) return [taskKey(task, prefix)];
    return (t.dag.tasks as Y[]).flatMap((s) => leaves(s, innerPrefix(task, prefix)));
  };

  /** A `{{…}}` reference in the scope of a DAG template (`task` is the task whose fields are read). */
  const reference = (expr: string, scope: Scope, dagTasks: Y[], task: Y | undefined): Value => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.(?:parameters|artifacts)\.([\w-]+)$/.exec(expr)) !== null) {
      const v = scope.env.get(m[1]);
      if (v === undefined) throw new Error(`Argo: unknown input ${m[1]}`);
      return v;
    }
    if (expr.startsWith("=")) return keptValues(expr.slice(1), scope, dagTasks) ?? oneOfExpression(expr.slice(1), scope, dagTasks);
    if ((m = /^workflow\.parameters\.([\w-]+)$/.exec(expr)) !== null) return { param: m[1] };
    if (expr === "workflow.status") return { status: true };
    if ((m = /^tasks\.([\w-]+)\.outputs\.(parameters|artifacts)\.([\w-]+)$/.exec(expr)) !== null) {
      return outputOf(m[1], m[3], m[2] as "parameters" | "artifacts", scope, dagTasks);
    }
    if ((m = /^item(?:\.([\w-]+))?$/.exec(expr)) !== null) {
      if (task === undefined || !looped(task)) throw new Error(`Argo: {{item}} outside a looped task`);
      return m[1] === undefined ? { loopItem: scope.loopDepth } : { loopItem: scope.loopDepth, field: m[1] };
    }
    throw new Error(`Argo: unknown reference {{${expr}}}`);
  };

  /**
   * The one expression the back end writes (for `oneOf`): `tasks['a'].status == 'Succeeded' ? <a's output> : (… : <last option's
   * output>)`, each status test on the task whose output it picks. Anything else is not read.
   */
  const oneOfExpression = (expr: string, scope: Scope, dagTasks: Y[]): Value => {
    const read = String.raw`tasks\['([\w-]+)'\]\.outputs\.(parameters|artifacts)\['([\w-]+)'\]`;
    const options: Value[] = [];
    let rest = expr;
    let m: RegExpExecArray | null;
    const test = new RegExp(String.raw`^\(?tasks\['([\w-]+)'\]\.status == 'Succeeded' \? ${read} : `);
    while ((m = test.exec(rest)) !== null) {
      if (m[1] !== m[2]) throw new Error(`Argo: oneOf tests ${m[1]} but reads ${m[2]}`);
      options.push(outputOf(m[2], m[4], m[3] as "parameters" | "artifacts", scope, dagTasks));
      rest = rest.slice(m[0].length);
    }
    if ((m = new RegExp(String.raw`^${read}\)*$`).exec(rest)) === null || options.length === 0) throw new Error(`Argo: unknown expression ${expr}`);
    options.push(outputOf(m[1], m[3], m[2] as "parameters" | "artifacts", scope, dagTasks));
    return { oneOf: options };
  };

  /**
   * The expressions of `collect()` of a step that iterations may skip (see `collect.ts` in the back
   * end): the looped task's aggregate with the iterations that ran kept, read as the collected output,
   * or `undefined` for another expression.
   */
  const keptValues = (expr: string, scope: Scope, dagTasks: Y[]): Value | undefined => {
    const m = /^toJson\(map\(filter\(fromJSON\(tasks\['([\w-]+)'\]\.outputs\.parameters\['([\w-]+)'\]\), \{len\(#\) > 0\}\), \{#\[0\]\}\)\)$/.exec(expr);
    return m === null ? undefined : outputOf(m[1], m[2], "parameters", scope, dagTasks);
  };

  /** An iteration's value of a step it may skip: `[]`, or `[value]` of the step's output. */
  const iterationValue = (expr: string, scope: Scope, dagTasks: Y[]): Value | undefined => {
    const m = /^toJson\(tasks\['([\w-]+)'\]\.status == 'Succeeded' \? \[(?:fromJSON\()?tasks\['([\w-]+)'\]\.outputs\.parameters\['([\w-]+)'\]\)?\] : \[\]\)$/.exec(expr);
    if (m === null || m[1] !== m[2]) return undefined;
    return outputOf(m[2], m[3], "parameters", scope, dagTasks);
  };

  /** A string with `{{…}}` parts (or one expression tag, `{{=…}}`, as a whole). */
  const valueOf = (text: string, scope: Scope, dagTasks: Y[], task: Y | undefined): Value => {
    const parts: (string | Value)[] = [];
    let last = 0;
    const whole = /^\{\{(=.*)\}\}$/s.exec(text);
    if (whole !== null) return reference(whole[1], scope, dagTasks, task);
    for (const m of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      parts.push(text.slice(last, m.index));
      parts.push(reference(m[1], scope, dagTasks, task));
      last = m.index! + m[0].length;
    }
    parts.push(text.slice(last));
    return concat(parts);
  };

  const outputOf = (producer: string, key: string, kind: "parameters" | "artifacts", scope: Scope, dagTasks: Y[]): Value => {
    const task = dagTasks.find((t) => t.name === producer);
    if (task === undefined) throw new Error(`Argo: unknown task ${producer}`);
    const t = tmpl(task.template);
    let v: Value;
    const reported = kind === "parameters" && key.endsWith(URI_SUFFIX) ? key.slice(0, -URI_SUFFIX.length) : undefined;
    if (t.dag === undefined && reported !== undefined && (uriReport(t, reported) !== undefined || jobReport(t, reported) !== undefined)) {
      // The URI the producer reports for its artifact (read only when it is that artifact's location).
      v = { uriOf: { output: { step: scope.prefix + producer, name: reported } } };
    } else if (t.dag === undefined) v = { output: { step: scope.prefix + producer, name: key } };
    else {
      const out = (t.outputs?.[kind] as Y[] | undefined)?.find((o) => o.name === key);
      if (out === undefined) throw new Error(`Argo: ${producer} has no output ${key}`);
      const inner = { ...scope, prefix: innerPrefix(task, scope.prefix), env: new Map<string, Value>() };
      const expression = kind === "parameters" ? out.valueFrom.expression : undefined;
      if (expression !== undefined) {
        const read = iterationValue(expression, inner, t.dag.tasks) ?? keptValues(expression, inner, t.dag.tasks);
        if (read === undefined) throw new Error(`Argo: unknown expression ${expression}`);
        v = read;
      } else v = valueOf(kind === "parameters" ? out.valueFrom.parameter : out.from, inner, t.dag.tasks, undefined);
    }
    return looped(task) && "output" in v ? { collect: v.output } : v;
  };

  /** The values a task passes to its template's inputs. */
  const argumentsOf = (task: Y, scope: Scope, dagTasks: Y[]): Map<string, Value> => {
    const env = new Map<string, Value>();
    for (const p of (task.arguments?.parameters ?? []) as Y[]) {
      if (p.name === UPSTREAM_KEY) continue;
      env.set(p.name, typeof p.value === "string" ? valueOf(p.value, scope, dagTasks, task) : { const: constText(p.value) });
    }
    for (const a of (task.arguments?.artifacts ?? []) as Y[]) {
      if (a.from !== undefined) env.set(a.name, valueOf(a.from, scope, dagTasks, task));
      else if (a.fromExpression !== undefined) env.set(a.name, oneOfExpression(a.fromExpression, scope, dagTasks));
      else if (a.s3 !== undefined && a.s3.bucket === undefined && /^\{\{tasks\.[\w-]+\.outputs\.parameters\.[\w-]+-key\}\}$/.test(a.s3.key)) {
        // A distributed producer's output: a key-only artifact at the key its job reported.
        const m = /^\{\{tasks\.([\w-]+)\.outputs\.parameters\.([\w-]+)-key\}\}$/.exec(a.s3.key)!;
        env.set(a.name, outputOf(m[1]!, m[2]!, "artifacts", scope, dagTasks));
      } else if (a.s3 !== undefined) env.set(a.name, { imported: { uri: valueOf(`s3://${a.s3.bucket}/${a.s3.key}`, scope, dagTasks, task) } });
      else if (a.gcs !== undefined) env.set(a.name, { imported: { uri: valueOf(`gs://${a.gcs.bucket}/${a.gcs.key}`, scope, dagTasks, task) } });
      else if (a.http !== undefined) env.set(a.name, { imported: { uri: valueOf(a.http.url, scope, dagTasks, task) } });
      else throw new Error(`Argo: artifact argument ${JSON.stringify(a)}`);
    }
    const t = tmpl(task.template);
    for (const p of (t.inputs?.parameters ?? []) as Y[]) {
      if (!env.has(p.name) && p.default !== undefined && p.name !== UPSTREAM_KEY) env.set(p.name, { const: constText(p.default) });
    }
    return env;
  };

  const walkDag = (template: Y, scope: Scope): void => {
    const dagTasks = template.dag.tasks as Y[];
    for (const task of dagTasks) {
      const deps = dependsOn(task);
      const waits = new Set(scope.waits);
      for (const d of deps.names) {
        const dep = dagTasks.find((t) => t.name === d);
        if (dep === undefined) throw new Error(`Argo: ${task.name} depends on unknown ${d}`);
        for (const l of leaves(dep, scope.prefix)) waits.add(l);
      }
      const ignore = scope.ignoreUpstreamFailure || deps.ignoreFailure;
      const when = [...scope.when];
      // A looped task's item belongs to a loop one level deeper.
      const own: Scope = { ...scope, when, waits: [...waits], ignoreUpstreamFailure: ignore };
      if (task.when !== undefined) {
        when.push(...conjuncts(parseCondition(task.when, (token) => valueOf(token, own, dagTasks, task))));
      }
      if (looped(task)) {
        const items: Loop["items"] =
          task.withItems !== undefined ? { literal: (task.withItems as unknown[]).map(constText) } : valueOf(task.withParam, scope, dagTasks, undefined);
        const parallelism = template.parallelism;
        loops.push({ items, ...(parallelism !== undefined ? { parallelism: Number(parallelism) } : {}), tasks: leaves(task, scope.prefix).sort() });
      }
      const env = argumentsOf(task, own, dagTasks);
      const inner: Scope = { ...own, env, loopDepth: scope.loopDepth + (looped(task) ? 1 : 0) };
      const t = tmpl(task.template);
      if (t.dag !== undefined) walkDag(t, { ...inner, prefix: innerPrefix(task, scope.prefix) });
      else tasks[taskKey(task, scope.prefix)] = leaf(t, inner, taskKey(task, scope.prefix));
    }
  };

  const leaf = (t: Y, scope: Scope, key: string): Task => {
    const job = t.resource === undefined ? undefined : (parse(t.resource.manifest) as Y);
    if (job !== undefined && TRAINING_KINDS.has(job.kind)) {
      // The job's output URIs are the texts it records in its annotations (`mlpc.dev/<output>-uri`).
      const outputs = new Map<string, string>();
      for (const [k, v] of Object.entries((job.metadata?.annotations ?? {}) as Record<string, string>)) {
        const m = /^mlpc\.dev\/(.+)-uri$/.exec(k);
        if (m !== null) outputs.set(v, m[1]!);
      }
      const read = (text: string): Value => {
        for (const [uri, name] of outputs) {
          if (!text.includes(uri)) continue;
          const pieces = text.split(uri);
          const piece = (p: string): string | Value => (p.includes("{{") ? read(p) : p);
          return concat(pieces.flatMap((p, i) => (i === 0 ? [piece(p)] : [{ uriOf: { output: { step: key, name } } }, piece(p)])));
        }
        return valueOf(text, scope, [], undefined);
      };
      const { metadata: _, ...trains } = job;
      return {
        trains: placeholdersIn(trains, read),
        waitsFor: [...new Set(scope.waits)].sort(),
        ignoreUpstreamFailure: scope.ignoreUpstreamFailure,
        finally: scope.finally,
        when: scope.when,
        loopDepth: scope.loopDepth,
        cache: t.memoize !== undefined,
      };
    }
    if (t.resource !== undefined) {
      const manifest = parse(t.resource.manifest) as Y;
      if (manifest?.kind !== "InferenceService") throw new Error(`Argo: resource template ${t.name} applies a ${manifest?.kind}`);
      // The manifest's placeholders: the template's inputs (`storage_uri`).
      const read = (text: string): Value => valueOf(text, scope, [], undefined);
      return {
        deploys: { action: t.resource.action, manifest: placeholdersIn(manifest, read) },
        waitsFor: [...new Set(scope.waits)].sort(),
        ignoreUpstreamFailure: scope.ignoreUpstreamFailure,
        finally: scope.finally,
        when: scope.when,
        loopDepth: scope.loopDepth,
        cache: t.memoize !== undefined,
      };
    }
    return container(t, scope);
  };

  const container = (t: Y, scope: Scope): ContainerTask => {
    const c = t.container;
    if (c === undefined) throw new Error(`Argo: template ${t.name} is neither a container nor a resource template`);
    const paths = new Map<string, ArgPart>();
    // An output artifact's URI, as the producing container's command line writes it (see `uriReport`).
    for (const a of (t.outputs?.artifacts ?? []) as Y[]) {
      const uri = uriReport(t, a.name);
      if (uri !== undefined) paths.set(uri, { outputUri: a.name });
    }
    // An input artifact's URI, passed as the hidden parameter `<artifact>-uri`: hidden only when its
    // value is the URI of the artifact the task passes (otherwise it stays an input, and differs).
    const uriInputs = new Map<string, string>();
    for (const a of (t.inputs?.artifacts ?? []) as Y[]) {
      const artifact = scope.env.get(a.name);
      const given = scope.env.get(a.name + URI_SUFFIX);
      if (artifact !== undefined && given !== undefined && canonicalJson(given) === canonicalJson(uriOf(artifact))) uriInputs.set(a.name + URI_SUFFIX, a.name);
    }
    for (const a of (t.inputs?.artifacts ?? []) as Y[]) if (a.path !== undefined) paths.set(a.path, { inputPath: a.name });
    for (const p of (t.outputs?.parameters ?? []) as Y[]) if (p.valueFrom?.path !== undefined) paths.set(p.valueFrom.path, { outputPath: p.name });
    for (const a of (t.outputs?.artifacts ?? []) as Y[]) if (a.path !== undefined) paths.set(a.path, { outputPath: a.name });
    const inputs: Record<string, Value> = {};
    for (const [k, v] of scope.env) if (!uriInputs.has(k)) inputs[k] = v;
    const env: Record<string, EnvSource> = {};
    for (const e of (c.env ?? []) as Y[]) {
      const f = e.valueFrom;
      env[e.name] =
        f === undefined
          ? { value: e.value }
          : f.secretKeyRef !== undefined
            ? { secret: f.secretKeyRef.name, key: f.secretKeyRef.key }
            : f.configMapKeyRef !== undefined
              ? { configMap: f.configMapKeyRef.name, key: f.configMapKeyRef.key }
              : { fieldPath: f.fieldRef.fieldPath };
    }
    const podVolumes = new Map<string, Y>([...((spec.volumes ?? []) as Y[]), ...((t.volumes ?? []) as Y[])].map((v) => [v.name, v]));
    const volumes: Record<string, VolumeSource> = {};
    for (const m of (c.volumeMounts ?? []) as Y[]) {
      if (m.name === OUTPUTS_VOLUME) continue;
      const v = podVolumes.get(m.name);
      if (v === undefined) throw new Error(`Argo: no volume ${m.name}`);
      volumes[m.mountPath] =
        v.persistentVolumeClaim !== undefined
          ? { pvc: v.persistentVolumeClaim.claimName }
          : v.emptyDir !== undefined
            ? { emptyDir: { ...(v.emptyDir.medium ? { medium: v.emptyDir.medium } : {}), ...(v.emptyDir.sizeLimit ? { sizeLimit: String(v.emptyDir.sizeLimit) } : {}) } }
            : v.secret !== undefined
              ? { secret: v.secret.secretName, optional: v.secret.optional === true }
              : { configMap: v.configMap.name, optional: v.configMap.optional === true };
    }
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    const rl = (key: string) =>
      req[key] === undefined && lim[key] === undefined
        ? undefined
        : { ...(req[key] !== undefined ? { request: String(req[key]) } : {}), ...(lim[key] !== undefined ? { limit: String(lim[key]) } : {}) };
    const gpuKey = Object.keys(lim).find((k) => k.includes("/"));
    const resources = {
      ...(rl("cpu") ? { cpu: rl("cpu") } : {}),
      ...(rl("memory") ? { memory: rl("memory") } : {}),
      ...(rl("ephemeral-storage") ? { ephemeralStorage: rl("ephemeral-storage") } : {}),
      ...(gpuKey !== undefined ? { gpu: { count: Number(lim[gpuKey]), resource: gpuKey } } : {}),
    };
    const r = t.retryStrategy;
    const node = t.affinity?.nodeAffinity;
    const affinity: AffinityTerm[] = [
      ...((node?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as Y[]).flatMap((term) =>
        (term.matchExpressions as Y[]).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
      ),
      ...((node?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Y[]).flatMap((p) =>
        (p.preference.matchExpressions as Y[]).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [], weight: p.weight })),
      ),
    ];
    return {
      image: c.image,
      command: ((c.command ?? []) as string[]).map((s) => commandArg(s, paths, uriInputs)),
      args: ((c.args ?? []) as string[]).map((s) => commandArg(s, paths, uriInputs)),
      inputs,
      waitsFor: [...new Set(scope.waits)].sort(),
      ignoreUpstreamFailure: scope.ignoreUpstreamFailure,
      finally: scope.finally,
      when: scope.when,
      loopDepth: scope.loopDepth,
      cache: t.memoize !== undefined,
      ...(r !== undefined
        ? {
            retry: {
              limit: Number(r.limit),
              ...(r.backoff?.duration !== undefined && seconds(r.backoff.duration) > 0 ? { backoffSeconds: seconds(r.backoff.duration) } : {}),
              ...(r.backoff?.factor !== undefined && Number(r.backoff.factor) !== 1 ? { factor: Number(r.backoff.factor) } : {}),
              ...(r.backoff?.cap !== undefined ? { capSeconds: seconds(r.backoff.cap) } : {}),
              ...(r.backoff?.maxDuration !== undefined ? { windowSeconds: seconds(r.backoff.maxDuration) } : {}),
            },
          }
        : {}),
      ...(t.activeDeadlineSeconds !== undefined ? { timeoutSeconds: Number(t.activeDeadlineSeconds) } : {}),
      resources,
      env,
      volumes,
      nodeSelector: t.nodeSelector ?? {},
      tolerations: (((t.tolerations ?? []) as Y[]).map(toleration)),
      affinity,
      podLabels: { ...podLabels, ...(t.metadata?.labels ?? {}) },
      podAnnotations: { ...podAnnotations, ...(t.metadata?.annotations ?? {}) },
    };
  };

  const params: Record<string, { default?: string }> = {};
  const rootEnv = new Map<string, Value>();
  const artifactArguments = new Set(((spec.arguments?.artifacts ?? []) as Y[]).map((a) => a.name));
  for (const p of (spec.arguments?.parameters ?? []) as Y[]) {
    // An artifact argument's URI, which the run gives as a parameter: the artifact is the pipeline's parameter.
    if (p.name.endsWith(URI_SUFFIX) && artifactArguments.has(p.name.slice(0, -URI_SUFFIX.length))) continue;
    params[p.name] = p.value !== undefined ? { default: constText(p.value) } : {};
    rootEnv.set(p.name, { param: p.name });
  }
  for (const a of (spec.arguments?.artifacts ?? []) as Y[]) {
    params[a.name] = {};
    rootEnv.set(a.name, { param: a.name });
  }
  const base: Scope = { env: rootEnv, prefix: "", when: [], waits: [], loopDepth: 0, finally: false, ignoreUpstreamFailure: false };
  walkDag(tmpl(spec.entrypoint), base);
  if (spec.onExit !== undefined) walkDag(tmpl(spec.onExit), { ...base, env: new Map(), finally: true });
  loops.sort((a, b) => a.tasks.join(",").localeCompare(b.tasks.join(",")));
  return { params, tasks: Object.fromEntries(Object.entries(tasks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), loops };
}

/** The task names of a task's `depends` (or `dependencies`), and whether it runs after failures too. */
function dependsOn(task: Y): { names: string[]; ignoreFailure: boolean } {
  if (task.dependencies !== undefined) return { names: task.dependencies, ignoreFailure: false };
  if (task.depends === undefined) return { names: [], ignoreFailure: false };
  const names = new Set<string>();
  let ignoreFailure = false;
  for (const m of (task.depends as string).matchAll(/([\w-]+)(?:\.(\w+))?/g)) {
    names.add(m[1]);
    if (m[2] === "Failed" || m[2] === "Errored" || m[2] === "AnySucceeded" || m[2] === "AllFailed") ignoreFailure = true;
  }
  return { names: [...names], ignoreFailure };
}

/** A command-line element with Argo's placeholders and the files of inputs and outputs resolved. */
function commandArg(text: string, paths: ReadonlyMap<string, ArgPart>, uriInputs: ReadonlyMap<string, string>): Arg {
  const parts: ArgPart[] = [];
  const pathRe = [...paths.keys()].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`\\{\\{inputs\\.parameters\\.([\\w-]+)\\}\\}${pathRe.length > 0 ? `|(${pathRe.join("|")})` : ""}`, "g");
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push(text.slice(last, m.index));
    const uri = m[1] === undefined ? undefined : uriInputs.get(m[1]);
    parts.push(uri !== undefined ? { inputUri: uri } : m[1] !== undefined ? { input: m[1] } : paths.get(m[2])!);
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return arg(parts);
}

/**
 * The URI a container template reports for its output artifact `artifact` (`artifacts.ts` of the Argo
 * back end): the output parameter `<artifact>-uri` whose `valueFrom.default` is
 * `<scheme>://<bucket>/<key>`, `<key>` the artifact's own key-only location (`s3.key` with an `s3://`
 * or `minio://` URI, `gcs.key` with `gs://`). `undefined` when there is none or it is not that
 * artifact's location: then neither the URI in the command line nor the parameter is read as the
 * artifact's URI.
 */
/**
 * The URI a distributed step's resource template reports for its output `artifact`: the parameter
 * `<artifact>-uri` read back (`jsonPath`) from the job's annotation `mlpc.dev/<artifact>-uri`.
 */
function jobReport(t: Y, artifact: string): string | undefined {
  if (t.resource === undefined) return undefined;
  const p = ((t.outputs?.parameters ?? []) as Y[]).find((x) => x.name === artifact + URI_SUFFIX);
  const annotation = `mlpc.dev/${artifact}-uri`;
  if (p?.valueFrom?.jsonPath !== `{.metadata.annotations.${annotation.replace(/\./g, "\\.")}}`) return undefined;
  const job = parse(t.resource.manifest) as Y;
  return TRAINING_KINDS.has(job?.kind) ? job.metadata?.annotations?.[annotation] : undefined;
}

/** The kinds of the training jobs of distributed steps. */
const TRAINING_KINDS: ReadonlySet<string> = new Set(["TrainJob", "PyTorchJob", "TFJob"]);

function uriReport(t: Y, artifact: string): string | undefined {
  const a = ((t.outputs?.artifacts ?? []) as Y[]).find((x) => x.name === artifact);
  const p = ((t.outputs?.parameters ?? []) as Y[]).find((x) => x.name === artifact + URI_SUFFIX);
  const uri = p?.valueFrom?.default;
  if (a === undefined || typeof uri !== "string") return undefined;
  const key: unknown = a.s3?.key ?? a.gcs?.key;
  if (typeof key !== "string") return undefined;
  const m = /^(s3|minio|gs):\/\/[^/]+\/(.*)$/.exec(uri);
  if (m === null || m[2] !== key || (m[1] === "gs") !== (a.gcs !== undefined)) return undefined;
  return uri;
}
