import { parseAllDocuments } from "yaml";
import { parseCondition } from "./condition.js";
import {
  arg,
  concat,
  conjuncts,
  constText,
  seconds,
  type Arg,
  type ArgPart,
  type EnvSource,
  type Loop,
  type Pipeline,
  type ContainerTask,
  type DeployTask,
  type Task,
  type Value,
  type VolumeSource,
  type ReaderScope,
  placeholdersIn,
  uriOf,
  toleration,
} from "./neutral.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- the reader walks untyped YAML */
type Y = any;

/** Group tasks the KFP back end generates around steps (as the KFP SDK names them). */
const GROUP = /^(condition|condition-branches|for-loop|exit-handler)-\d+$/;

type Scope = ReaderScope;

/**
 * Reads a `<pipeline>.kfp.yaml` (the PipelineSpec and, when present, the PlatformSpec) into the
 * neutral description.
 */
export function fromKfp(text: string): Pipeline {
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Y);
  const spec = docs[0];
  const platform: Y = docs[1]?.platforms?.kubernetes?.deploymentSpec?.executors ?? {};
  const components: Y = spec.components ?? {};
  const executors: Y = spec.deploymentSpec?.executors ?? {};
  const tasks: Record<string, Task> = {};
  const loops: Loop[] = [];

  const componentOf = (t: Y): Y => (t.componentRef.name === undefined ? undefined : components[t.componentRef.name]);
  const isImporter = (t: Y): boolean => {
    const c = componentOf(t);
    return c?.executorLabel !== undefined && executors[c.executorLabel]?.importer !== undefined;
  };
  /** The neutral names of the container steps a task of a DAG stands for. */
  const leaves = (name: string, t: Y, prefix: string): string[] => {
    if (isImporter(t)) return [];
    const c = componentOf(t);
    if (c?.dag === undefined) return [prefix + name];
    const inner = GROUP.test(name) ? prefix : `${prefix}${name}/`;
    return Object.entries(c.dag.tasks as Record<string, Y>).flatMap(([n, s]) => leaves(n, s, inner));
  };

  /** The value of a task input (`spec`: one entry of `inputs.parameters`/`inputs.artifacts`). */
  const inputValue = (spec: Y, scope: Scope, dag: Y, taskInputs: Y): Value => {
    if (spec.componentInputParameter !== undefined || spec.componentInputArtifact !== undefined) {
      const name = spec.componentInputParameter ?? spec.componentInputArtifact;
      const v = scope.env.get(name);
      if (v === undefined) throw new Error(`KFP: unknown component input ${name}`);
      if (spec.parameterExpressionSelector !== undefined) {
        const field = /\["([^"]+)"\]/.exec(spec.parameterExpressionSelector)?.[1];
        if (!("loopItem" in v) || field === undefined) throw new Error(`KFP: selector ${spec.parameterExpressionSelector}`);
        return { loopItem: v.loopItem, field };
      }
      return v;
    }
    if (spec.taskOutputParameter !== undefined) {
      return outputOf(spec.taskOutputParameter.producerTask, spec.taskOutputParameter.outputParameterKey, "parameter", scope, dag);
    }
    if (spec.taskOutputArtifact !== undefined) {
      return outputOf(spec.taskOutputArtifact.producerTask, spec.taskOutputArtifact.outputArtifactKey, "artifact", scope, dag);
    }
    if (spec.runtimeValue !== undefined) {
      const c = spec.runtimeValue.constant;
      if (typeof c !== "string") return { const: constText(c) };
      return interpolate(c, (name) => {
        const inner = taskInputs?.parameters?.[name];
        if (inner === undefined) throw new Error(`KFP: interpolation of unknown ${name}`);
        return inputValue(inner, scope, dag, taskInputs);
      });
    }
    if (spec.taskFinalStatus !== undefined) return { status: true };
    throw new Error(`KFP: unknown input source ${JSON.stringify(spec)}`);
  };

  /** Output `key` of task `producer` of `dag`, followed into groups and sub-pipelines. */
  const outputOf = (producer: string, key: string, kind: "parameter" | "artifact", scope: Scope, dag: Y): Value => {
    const t = dag.tasks[producer];
    if (t === undefined) throw new Error(`KFP: unknown producer ${producer}`);
    if (isImporter(t)) {
      return { imported: { uri: inputValue(t.inputs.parameters.uri, scope, dag, t.inputs) } };
    }
    const c = componentOf(t);
    if (c?.dag === undefined) return { output: { step: scope.prefix + producer, name: key } };
    const innerScope: Scope = { ...scope, prefix: GROUP.test(producer) ? scope.prefix : `${scope.prefix}${producer}/` };
    // oneOf(…): a branches group's output selects one of several producers (`valueFromOneof`, or several artifact selectors).
    const selectors: Y[] | undefined =
      kind === "parameter" ? c.dag.outputs?.parameters?.[key]?.valueFromOneof?.parameterSelectors : c.dag.outputs?.artifacts?.[key]?.artifactSelectors;
    if (selectors !== undefined && selectors.length > 1) {
      return { oneOf: selectors.map((o) => outputOf(o.producerSubtask, kind === "parameter" ? o.outputParameterKey : o.outputArtifactKey, kind, innerScope, c.dag)) };
    }
    const sel =
      kind === "parameter" ? c.dag.outputs?.parameters?.[key]?.valueFromParameter : c.dag.outputs?.artifacts?.[key]?.artifactSelectors?.[0];
    if (sel === undefined) throw new Error(`KFP: ${producer} has no output ${key}`);
    const inner = outputOf(sel.producerSubtask, kind === "parameter" ? sel.outputParameterKey : sel.outputArtifactKey, kind, innerScope, c.dag);
    if (t.parameterIterator !== undefined && "output" in inner) return { collect: inner.output };
    return inner;
  };

  /** The scope inside a group or sub-pipeline task. */
  const innerEnv = (t: Y, scope: Scope, dag: Y): Map<string, Value> => {
    const env = new Map<string, Value>();
    for (const [name, spec] of Object.entries({ ...(t.inputs?.parameters ?? {}), ...(t.inputs?.artifacts ?? {}) })) {
      env.set(name, inputValue(spec, scope, dag, t.inputs));
    }
    // Defaults of a sub-pipeline's parameters that the call leaves out.
    const c = componentOf(t);
    for (const [name, d] of Object.entries((c?.inputDefinitions?.parameters ?? {}) as Record<string, Y>)) {
      if (!env.has(name) && d.defaultValue !== undefined) env.set(name, { const: constText(d.defaultValue) });
    }
    return env;
  };

  const walk = (dag: Y, scope: Scope): void => {
    for (const [name, t] of Object.entries(dag.tasks as Record<string, Y>)) {
      if (isImporter(t)) continue;
      let finallyTask = scope.finally;
      const waits = new Set(scope.waits);
      const strategy = t.triggerPolicy?.strategy;
      for (const dep of (t.dependentTasks ?? []) as string[]) {
        if (/^exit-handler-\d+$/.test(dep) && strategy === "ALL_UPSTREAM_TASKS_COMPLETED") {
          finallyTask = true;
          continue;
        }
        for (const l of leaves(dep, dag.tasks[dep], scope.prefix)) waits.add(l);
      }
      const when = [...scope.when];
      if (t.triggerPolicy?.condition !== undefined) {
        const cond = parseCondition(t.triggerPolicy.condition, (token) => {
          const m = /^inputs\.parameter_values\['([^']*)'\]$/.exec(token);
          if (m === null) throw new Error(`KFP: condition token ${token}`);
          return inputValue(t.inputs.parameters[m[1]], scope, dag, t.inputs);
        });
        when.push(...conjuncts(cond));
      }
      const ignore = scope.ignoreUpstreamFailure || (strategy === "ALL_UPSTREAM_TASKS_COMPLETED" && !finallyTask);
      const c = componentOf(t);
      if (c?.dag !== undefined) {
        const env = innerEnv(t, scope, dag);
        let loopDepth = scope.loopDepth;
        if (t.parameterIterator !== undefined) {
          const it = t.parameterIterator;
          env.set(it.itemInput, { loopItem: scope.loopDepth });
          loopDepth += 1;
          const items: Loop["items"] =
            it.items.raw !== undefined
              ? { literal: (JSON.parse(it.items.raw) as unknown[]).map(constText) }
              : inputValue(t.inputs.parameters[it.items.inputParameter], scope, dag, t.inputs);
          const limit = t.iteratorPolicy?.parallelismLimit;
          loops.push({ items, ...(limit !== undefined && limit > 0 ? { parallelism: limit } : {}), tasks: leaves(name, t, scope.prefix).sort() });
        }
        walk(c.dag, {
          env,
          prefix: GROUP.test(name) ? scope.prefix : `${scope.prefix}${name}/`,
          when,
          waits: [...waits],
          loopDepth,
          finally: finallyTask,
          ignoreUpstreamFailure: ignore,
        });
        continue;
      }
      tasks[scope.prefix + name] = leaf(t, c, { ...scope, when, finally: finallyTask, ignoreUpstreamFailure: ignore }, [...waits], dag, scope.prefix + name);
    }
  };

  /**
   * A serve deployed from the pipeline (`deploy.ts` of the KFP back end): a `kubectl` container that
   * pipes its one argument, the InferenceService as JSON, to `kubectl <action> -f -`. `undefined` for
   * any other container.
   */
  const deployment = (t: Y, c: Y, scope: Scope, dag: Y): DeployTask["deploys"] | undefined => {
    const exec = executors[c.executorLabel]?.container;
    const command = (exec?.command ?? []) as string[];
    const action = command.length === 3 && command[0] === "sh" && command[1] === "-ec" ? /^printf "%s" "\$0" \| kubectl (\w+) -f -$/.exec(command[2])?.[1] : undefined;
    if (action === undefined || !/(^|\/)kubectl:/.test(exec.image) || exec.args?.length !== 1) return undefined;
    const manifest = JSON.parse(exec.args[0]);
    if (manifest?.kind !== "InferenceService") return undefined;
    // The manifest's placeholders: the model artifact's URI, or a URI given as a parameter.
    const read = (text: string): Value => {
      const parts: (string | Value)[] = [];
      let last = 0;
      for (const m of text.matchAll(/\{\{\$\.inputs\.(parameters|artifacts)\['([^']+)'\](\.uri)?\}\}/g)) {
        parts.push(text.slice(last, m.index));
        const spec = m[1] === "parameters" ? t.inputs?.parameters?.[m[2]] : t.inputs?.artifacts?.[m[2]];
        if (spec === undefined || (m[1] === "artifacts") !== (m[3] !== undefined)) throw new Error(`KFP: deploy placeholder ${m[0]}`);
        const v = inputValue(spec, scope, dag, t.inputs);
        parts.push(m[1] === "artifacts" ? uriOf(v) : v);
        last = m.index! + m[0].length;
      }
      parts.push(text.slice(last));
      return concat(parts);
    };
    return { action, manifest: placeholdersIn(manifest, read) };
  };

  /**
   * A distributed step (`distributed.ts` of the KFP back end): a `kubectl` container whose script
   * creates its first argument, the training job as JSON, and waits for it. `undefined` for any other.
   */
  const training = (t: Y, c: Y, scope: Scope, dag: Y, key: string): unknown => {
    const exec = executors[c.executorLabel]?.container;
    const command = (exec?.command ?? []) as string[];
    if (!/(^|\/)kubectl:/.test(exec?.image ?? "") || command[0] !== "sh" || !String(command[2] ?? "").startsWith('for dir in "$@"')) return undefined;
    const { metadata: _, ...job } = JSON.parse(exec.args[0]);
    const read = (text: string): Value => {
      const parts: (string | Value)[] = [];
      let last = 0;
      for (const m of text.matchAll(/\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']+)'\](\.uri)?\}\}/g)) {
        parts.push(text.slice(last, m.index));
        if (m[1] === "outputs") parts.push({ uriOf: { output: { step: key, name: m[3]! } } });
        else if (m[2] === "artifacts") parts.push(uriOf(inputValue(t.inputs.artifacts[m[3]!], scope, dag, t.inputs)));
        else {
          const spec = t.inputs?.parameters?.[m[3]!];
          const d = c.inputDefinitions?.parameters?.[m[3]!]?.defaultValue;
          parts.push(spec !== undefined ? inputValue(spec, scope, dag, t.inputs) : { const: constText(d) });
        }
        last = m.index! + m[0].length;
      }
      parts.push(text.slice(last));
      return concat(parts);
    };
    return placeholdersIn(job, read);
  };

  const leaf = (t: Y, c: Y, scope: Scope, waits: string[], dag: Y, key: string): Task => {
    const trains = training(t, c, scope, dag, key);
    if (trains !== undefined) {
      return {
        trains,
        waitsFor: [...new Set(waits)].sort(),
        ignoreUpstreamFailure: scope.ignoreUpstreamFailure,
        finally: scope.finally,
        when: scope.when,
        loopDepth: scope.loopDepth,
        cache: t.cachingOptions?.enableCache === true,
      };
    }
    const deploys = deployment(t, c, scope, dag);
    if (deploys !== undefined) {
      return {
        deploys,
        waitsFor: [...new Set(waits)].sort(),
        ignoreUpstreamFailure: scope.ignoreUpstreamFailure,
        finally: scope.finally,
        when: scope.when,
        loopDepth: scope.loopDepth,
        cache: t.cachingOptions?.enableCache === true,
      };
    }
    return container(t, c, scope, waits, dag);
  };

  const container = (t: Y, c: Y, scope: Scope, waits: string[], dag: Y): ContainerTask => {
    const exec = executors[c.executorLabel].container;
    const k8s: Y = platform[c.executorLabel] ?? {};
    const inputs: Record<string, Value> = {};
    for (const [n, spec] of Object.entries({ ...(t.inputs?.parameters ?? {}), ...(t.inputs?.artifacts ?? {}) })) {
      if (n.startsWith("pipelinechannel--")) continue;
      inputs[n] = inputValue(spec, scope, dag, t.inputs);
    }
    for (const [n, d] of Object.entries((c.inputDefinitions?.parameters ?? {}) as Record<string, Y>)) {
      if (inputs[n] === undefined && d.defaultValue !== undefined) inputs[n] = { const: constText(d.defaultValue) };
    }
    const given = (input: string): boolean => inputs[input] !== undefined;
    const env: Record<string, EnvSource> = {};
    for (const e of (exec.env ?? []) as Y[]) env[e.name] = { value: e.value };
    for (const s of (k8s.secretAsEnv ?? []) as Y[]) for (const k of s.keyToEnv) env[k.envVar] = { secret: s.secretName, key: k.secretKey };
    for (const s of (k8s.configMapAsEnv ?? []) as Y[]) for (const k of s.keyToEnv) env[k.envVar] = { configMap: s.configMapName, key: k.configMapKey };
    for (const f of (k8s.fieldPathAsEnv ?? []) as Y[]) env[f.name] = { fieldPath: f.fieldPath };
    const volumes: Record<string, VolumeSource> = {};
    for (const v of (k8s.pvcMount ?? []) as Y[]) volumes[v.mountPath] = { pvc: v.constant ?? v.pvcNameParameter?.runtimeValue?.constant };
    for (const v of (k8s.emptyDirMounts ?? []) as Y[]) {
      volumes[v.mountPath] = { emptyDir: { ...(v.medium ? { medium: v.medium } : {}), ...(v.sizeLimit ? { sizeLimit: v.sizeLimit } : {}) } };
    }
    for (const v of (k8s.secretAsVolume ?? []) as Y[]) volumes[v.mountPath] = { secret: v.secretName, optional: v.optional === true };
    for (const v of (k8s.configMapAsVolume ?? []) as Y[]) volumes[v.mountPath] = { configMap: v.configMapName, optional: v.optional === true };
    const r = exec.resources ?? {};
    const rl = (request: unknown, limit: unknown) =>
      request === undefined && limit === undefined ? undefined : { ...(request !== undefined ? { request: String(request) } : {}), ...(limit !== undefined ? { limit: String(limit) } : {}) };
    const resources = {
      ...(rl(r.resourceCpuRequest, r.resourceCpuLimit) ? { cpu: rl(r.resourceCpuRequest, r.resourceCpuLimit) } : {}),
      ...(rl(r.resourceMemoryRequest, r.resourceMemoryLimit) ? { memory: rl(r.resourceMemoryRequest, r.resourceMemoryLimit) } : {}),
      ...(r.accelerator !== undefined ? { gpu: { count: Number(r.accelerator.resourceCount), resource: r.accelerator.resourceType } } : {}),
    };
    const retry = t.retryPolicy;
    const affinity = ((k8s.nodeAffinity ?? []) as Y[]).flatMap((term) =>
      (term.matchExpressions as Y[]).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [], ...(term.weight !== undefined ? { weight: term.weight } : {}) })),
    );
    return {
      image: exec.image,
      command: commandLine(exec.command ?? [], given),
      args: commandLine(exec.args ?? [], given),
      inputs,
      waitsFor: [...new Set(waits)].sort(),
      ignoreUpstreamFailure: scope.ignoreUpstreamFailure,
      finally: scope.finally,
      when: scope.when,
      loopDepth: scope.loopDepth,
      cache: t.cachingOptions?.enableCache === true,
      ...(retry !== undefined ? { retry: kfpRetry(retry) } : {}),
      ...(k8s.activeDeadlineSeconds !== undefined ? { timeoutSeconds: Number(k8s.activeDeadlineSeconds) } : {}),
      resources,
      env,
      volumes,
      nodeSelector: k8s.nodeSelector?.labels ?? {},
      tolerations: (((k8s.tolerations ?? []) as Y[]).map(toleration)),
      affinity,
      podLabels: k8s.podMetadata?.labels ?? {},
      podAnnotations: k8s.podMetadata?.annotations ?? {},
    };
  };

  const rootEnv = new Map<string, Value>();
  const params: Record<string, { default?: string }> = {};
  for (const [name, d] of Object.entries({ ...(spec.root.inputDefinitions?.parameters ?? {}), ...(spec.root.inputDefinitions?.artifacts ?? {}) }) as [string, Y][]) {
    rootEnv.set(name, { param: name });
    params[name] = d.defaultValue !== undefined ? { default: constText(d.defaultValue) } : {};
  }
  walk(spec.root.dag, { env: rootEnv, prefix: "", when: [], waits: [], loopDepth: 0, finally: false, ignoreUpstreamFailure: false });
  loops.sort((a, b) => a.tasks.join(",").localeCompare(b.tasks.join(",")));
  return { params, tasks: sortKeys(tasks), loops };
}

/**
 * KFP's retry policy. Abstraction: KFP always writes a backoff; a zero backoff is no backoff (and then
 * the factor means nothing), and the one-hour window KFP applies when none is given is no window.
 */
function kfpRetry(p: Y): ContainerTask["retry"] {
  const backoff = seconds(p.backoffDuration ?? "0s");
  const window = p.backoffMaxDuration === undefined ? undefined : seconds(p.backoffMaxDuration);
  return {
    limit: Number(p.maxRetryCount),
    ...(backoff > 0 ? { backoffSeconds: backoff } : {}),
    ...(backoff > 0 && p.backoffFactor !== undefined && Number(p.backoffFactor) !== 1 ? { factor: Number(p.backoffFactor) } : {}),
    ...(window !== undefined && window !== 3600 ? { windowSeconds: window } : {}),
  };
}

/** A command line with KFP's placeholders resolved and `IfPresent` evaluated for this task. */
function commandLine(items: readonly string[], given: (input: string) => boolean): Arg[] {
  const out: Arg[] = [];
  for (const item of items) {
    if (item.startsWith('{"IfPresent"')) {
      const p = JSON.parse(item).IfPresent;
      out.push(...commandLine(given(p.InputName) ? (p.Then ?? []) : (p.Else ?? []), given));
      continue;
    }
    out.push(placeholders(item));
  }
  return out;
}

const PLACEHOLDER =
  /\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']+)'\](?:\.(path|uri|metadata|output_file))?\}\}/g;

function placeholders(text: string): Arg {
  const parts: ArgPart[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, m.index));
    const [, side, kind, name, field] = m;
    if (side === "inputs" && kind === "parameters") parts.push({ input: name });
    else if (side === "inputs") parts.push(field === "uri" ? { inputUri: name } : field === "metadata" ? { inputMetadata: name } : { inputPath: name });
    else parts.push(field === "uri" ? { outputUri: name } : field === "metadata" ? { outputMetadata: name } : { outputPath: name });
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return arg(parts);
}

/** A constant with `{{$.inputs.parameters['x']}}` parts (an interpolated argument). */
function interpolate(text: string, resolve: (name: string) => Value): Value {
  const parts: (string | Value)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g)) {
    parts.push(text.slice(last, m.index));
    parts.push(resolve(m[1]));
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return concat(parts);
}

function sortKeys<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

