import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { printed } from "../../../src/backends/emit.js";
import { kfpDocuments } from "../../../src/backends/kfp/index.js";
import { unoptimized } from "../../../src/passes/optimize/index.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { kfpSanitize } from "../../../src/kubernetes/names.js";
import type { CommandArg, Component, Loc, Program } from "../../../src/ir/types.js";
import { mutableImageReason, parseImageRef } from "../../../src/ir/image-ref.js";
import { toYaml } from "../../../src/output/yaml.js";
import { checkSource } from "../../helpers.js";
import { conformanceTest, HAVE_SHARED, parseKfp, recordForConformance, requireShared, SHARED } from "../../backends/kfp/conformance.js";

/**
 * Upstream reproductions: every `test/upstream/kfp/<golden>.mlpipe` describes the pipeline of the KFP
 * golden of the same name (../shared/upstream/kfp/goldens/{sdk,kubernetes_platform}/<golden>.yaml,
 * compiled by the KFP SDK), and mlpc's output must be semantically equal to it: both files parsed as
 * YAML and deep-equal, ignoring only `sdkVersion` (which says who wrote the file) and comments (which
 * parsing drops). The goldens are read from ../shared at test time, never copied here.
 *
 * Two things are not plain comparison, and both are listed here with their reasons:
 *
 * 1. Input, not output: Python-function components. Their command lines are code the KFP SDK
 *    generated (a pip bootstrap and the function's source). That is KFP's code, not ours to copy into
 *    this repository, so the `.mlpipe` says `run ["KFP_SDK_GENERATED"]` and this test puts the
 *    golden's `command` and `args` of that component's executor in its place before compiling. All
 *    the rest of those components (image, inputs, outputs, settings) is written in the `.mlpipe`, and
 *    how mlpc writes command lines is covered by the container-component goldens and the unit tests.
 *
 * 2. NORMALIZATIONS below: output fields changed before the comparison, one golden at a time; and
 *    GENERAL_NORMALIZATIONS after them, two differences by design that apply to every golden where
 *    they occur (each asserts the difference is exactly the designed one before undoing it).
 */
const NORMALIZATIONS: Readonly<Record<string, { readonly why: string; apply(spec: Spec): void }>> = {
  two_step_pipeline_containerized: {
    why:
      "The SDK path that wrote this golden (kfp-2.14.3, container components) leaves `isOptional` out of the root " +
      "parameter `text` although it has a default; every other golden with a defaulted pipeline parameter writes " +
      "`isOptional: true` (e.g. producer_consumer_param_pipeline, pipeline_with_retry), and so does mlpc. KFP treats " +
      "a parameter with a default as optional either way (its check for required inputs is: not optional and no " +
      "default), so the difference has no effect. mlpc's `isOptional` of that one parameter is removed.",
    apply(spec) {
      expect(spec.root.inputDefinitions.parameters.text.isOptional).toBe(true);
      delete spec.root.inputDefinitions.parameters.text.isOptional;
    },
  },
  pipeline_with_task_final_status: {
    why:
      "The golden's `dsl.ExitHandler(exit_task, name='my-pipeline')` gives the exit handler's task a display name " +
      "(`taskInfo.name`); mlpc's `finally` has no display name of its own, so its task shows its task name, " +
      "`exit-handler-1` (as in pipeline_with_exit_handler, where the SDK does the same). `taskInfo.name` is what " +
      "the KFP UI shows; nothing refers to it. mlpc's display name of that one task is set to the golden's.",
    apply(spec) {
      expect(spec.root.dag.tasks["exit-handler-1"].taskInfo).toEqual({ name: "exit-handler-1" });
      spec.root.dag.tasks["exit-handler-1"].taskInfo.name = "my-pipeline";
    },
  },
};

/**
 * Differences by design, wherever they occur: each asserts mlpc's output is what the design says and
 * then puts the golden's value in its place, so that everything else is still compared.
 */
const GENERAL_NORMALIZATIONS: readonly { readonly why: string; apply(actual: Spec[], golden: Spec[]): void }[] = [
  {
    why:
      "Steps of a mutable image (no tag, or `:latest`: `alpine`, `python-311:latest`) are never cached in mlpc, on " +
      "every target: the image can change between runs, so a reused result may come from another image (the validator " +
      "warns, MLP2050). The SDK caches them like any other step. For tasks of such images only, mlpc's `cachingOptions: {}` " +
      "is checked and replaced by the golden's.",
    apply(actual, golden) {
      const spec = actual[0];
      const images = new Map(
        Object.entries(spec.components as Record<string, Spec>).flatMap(([name, c]) =>
          c.executorLabel === undefined ? [] : [[name, spec.deploymentSpec.executors[c.executorLabel]?.container?.image as string | undefined]],
        ),
      );
      const dags: Spec[] = [spec.root, ...Object.values(spec.components as Record<string, Spec>)].filter((c) => c.dag !== undefined);
      const goldenDags: Spec[] = [golden[0].root, ...Object.values(golden[0].components as Record<string, Spec>)].filter((c) => c.dag !== undefined);
      dags.forEach((dag, i) => {
        for (const [taskName, task] of Object.entries(dag.dag.tasks as Record<string, Spec>)) {
          const image = images.get(task.componentRef.name);
          if (image === undefined) continue;
          const parsed = parseImageRef(image);
          if ("error" in parsed || mutableImageReason(parsed) === undefined) continue;
          expect(task.cachingOptions, `${taskName}: a step of the mutable image ${image} is not cached`).toEqual({});
          task.cachingOptions = goldenDags[i]?.dag.tasks[taskName]?.cachingOptions;
        }
      });
    },
  },
  {
    why:
      "A step that asks for GPUs tolerates the GPU resource's taint (`nvidia.com/gpu` Exists NoSchedule), as on every " +
      "target (DESIGN.md: without a cluster profile, GPU steps still get the standard limit and toleration); GPU node " +
      "pools carry that taint, and where an admission plugin adds the toleration itself it is a no-op. The SDK adds " +
      "none. An added toleration the golden lacks is checked and removed (and a PlatformSpec left empty with it).",
    apply(actual, golden) {
      const platform = actual[1]?.platforms?.kubernetes?.deploymentSpec?.executors as Record<string, Spec> | undefined;
      const goldenPlatform = golden[1]?.platforms?.kubernetes?.deploymentSpec?.executors as Record<string, Spec> | undefined;
      for (const [label, config] of Object.entries(platform ?? {})) {
        const gpu = actual[0].deploymentSpec.executors[label]?.container?.resources?.accelerator;
        const tolerations = (config.tolerations ?? []) as Spec[];
        const added = tolerations.findIndex((t) => t.key === gpu?.resourceType && t.operator === "Exists" && t.effect === "NoSchedule");
        if (gpu === undefined || added < 0 || goldenPlatform?.[label]?.tolerations !== undefined) continue;
        tolerations.splice(added, 1);
        if (tolerations.length === 0) delete config.tolerations;
        if (Object.keys(config).length === 0) delete platform![label];
      }
      if (platform !== undefined && Object.keys(platform).length === 0 && golden[1] === undefined) actual.splice(1, 1);
    },
  },
];

/**
 * The goldens of ../shared not reproduced, each with why. Every golden is either reproduced by a
 * `.mlpipe` here or listed here (a test checks that).
 */
const NOT_REPRODUCED: Readonly<Record<string, string>> = {
  // sdk/ — constructs mlpc does not have
  "pipeline_with_parallelfor_list_artifacts_GH-12033": "a loop over a list of artifacts, which KFP's open-source back end rejects at run time: lists of artifacts do not exist in mlpc (MLP2058)",
  pipeline_with_dynamic_importer_metadata: "importer metadata whose keys are computed at run time; mlpc's metadata keys are names",
  pipeline_with_workspace: "the PipelineConfig workspace has no mlpc construct",
  // sdk/ — what mlpc's language cannot say the same way
  hello_world:
    "the pipeline and its component are both named `echo`; mlpc's components and pipelines share one namespace (MLP2006)",
  container_with_if_placeholder:
    "the pipeline and its component share the name `container_with_if_placeholder` (MLP2006 in mlpc)",
  container_with_concat_placeholder:
    "the pipeline and its component share a name (MLP2006); also mlpc writes `${…}` interpolation as the SDK writes f-strings (one string), not as the Concat placeholder this golden uses",
  pipeline_with_secret_as_env: "Secret names taken from a pipeline parameter and a task output; mlpc's secret() names are literals",
  pipeline_with_volume_no_cache: "kfp-kubernetes CreatePVC/DeletePVC tasks have no mlpc construct",
  pipeline_with_string_machine_fields_pipeline_input: "resources taken from pipeline parameters; mlpc's are literals",
  // kubernetes_platform/
  create_mount_delete_dynamic_pvc: "kfp-kubernetes CreatePVC/DeletePVC tasks and claim names from task outputs",
  nodeaffinity: "node affinity given as JSON (nodeAffinityJson); mlpc writes match expressions",
  general_ephemeral_volume: "generic ephemeral volumes have no mlpc construct",
  init_container: "init containers have no mlpc construct",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;

const HERE = fileURLToPath(new URL(".", import.meta.url));
const GOLDEN_DIRS = ["sdk", "kubernetes_platform"].map((d) => join(SHARED, "upstream", "kfp", "goldens", d));
const reproductions = readdirSync(HERE)
  .filter((n) => n.endsWith(".mlpipe"))
  .map((n) => n.slice(0, -".mlpipe".length))
  .sort();

/** The golden file of a reproduction: in exactly one of the golden folders. */
function goldenPath(name: string): string {
  const found = GOLDEN_DIRS.map((d) => join(d, `${name}.yaml`)).filter((p) => existsSync(p));
  expect(found, `golden ${name}.yaml in exactly one of ${GOLDEN_DIRS.join(", ")}`).toHaveLength(1);
  return found[0];
}

const MARKER = "KFP_SDK_GENERATED";

/**
 * The SDK's generated command lines hold its placeholders (`{{$}}`, `{{$.outputs.parameters[…]}}`),
 * which as text in mlpc's IR would be user text holding `{{`, an error (MLP4016): they go in with
 * this in place of `{{` and come back after the file is written (`withSdkBraces`).
 */
const BRACES = "KFP_SDK_BRACES";

/** Puts the golden's generated command lines in place of `run ["KFP_SDK_GENERATED"]` (see above). */
function withSdkCommands(program: Program, golden: Spec): Program {
  const text = (value: string, loc: Loc): CommandArg => ({ kind: "arg", parts: [{ kind: "text", value: value.replaceAll("{{", BRACES), loc }], loc });
  const components = program.components.map((c): Component => {
    const [first] = c.command;
    const marked = c.command.length === 1 && first.kind === "arg" && first.parts.length === 1 && first.parts[0].kind === "text" && first.parts[0].value === MARKER;
    if (!marked) return c;
    const executor = golden.deploymentSpec.executors[`exec-${kfpSanitize(c.name)}`];
    expect(executor, `executor exec-${kfpSanitize(c.name)} in the golden`).toBeDefined();
    const { command = [], args = [] } = executor.container as { command?: string[]; args?: string[] };
    expect(c.args, `${c.name}: a marked component has no args of its own`).toEqual([]);
    return { ...c, command: command.map((s) => text(s, first.loc)), args: args.map((s) => text(s, first.loc)) };
  });
  return { ...program, components };
}

/** The SDK's placeholders back in the command lines of every executor of `spec` (see `BRACES`). */
function withSdkBraces(spec: Spec): void {
  for (const executor of Object.values((spec.deploymentSpec?.executors ?? {}) as Record<string, Spec>)) {
    const container = executor.container as { command?: string[]; args?: string[] } | undefined;
    if (container === undefined) continue;
    for (const key of ["command", "args"] as const) container[key] = container[key]?.map((s) => s.replaceAll(BRACES, "{{"));
  }
}

describe("KFP upstream goldens", () => {
  requireShared("KFP upstream goldens");

  it("list every golden as reproduced or not, with a reason", () => {
    const listed = new Set([...reproductions, ...Object.keys(NOT_REPRODUCED)]);
    expect(reproductions.filter((n) => n in NOT_REPRODUCED), "reproduced and listed as not reproduced").toEqual([]);
    for (const n of Object.keys(NORMALIZATIONS)) expect(reproductions, `normalization for ${n}`).toContain(n);
    if (!HAVE_SHARED) return;
    const goldens = GOLDEN_DIRS.flatMap((d) => readdirSync(d).filter((n) => n.endsWith(".yaml")).map((n) => n.slice(0, -".yaml".length)));
    expect(goldens.filter((g) => !listed.has(g)), "goldens neither reproduced nor listed").toEqual([]);
    expect([...listed].filter((n) => !goldens.includes(n)), "listed but not a golden").toEqual([]);
  });

  for (const name of reproductions) {
    it.runIf(HAVE_SHARED)(`${name} equals the golden`, () => {
      const golden = readFileSync(goldenPath(name), "utf8");
      const expected = parseKfp(golden);
      const path = `test/upstream/kfp/${name}.mlpipe`;
      const checked = checkSource({ [path]: readFileSync(join(HERE, `${name}.mlpipe`), "utf8") });
      expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

      // Without the optimizer, as the SDK has none: its dedup plan would share the components of tasks
      // that run the same container, where the SDK writes one component and executor per task.
      const result = printed(kfpDocuments(unoptimized(resolve(withSdkCommands(checked.program!, expected[0])))));
      expect(result.diagnostics).toEqual([]);
      // Validated as the SDK wrote them: with its placeholders back in the command lines.
      recordForConformance(result.files.map((f) => ({ ...f, content: toYaml(parseKfp(f.content).map((d) => (withSdkBraces(d), d)), { keys: "sorted" }) })));
      // A golden with sub-pipelines is the file of its outer pipeline; mlpc writes one per pipeline.
      const file = result.files.find((f) => f.name === `${expected[0].pipelineInfo.name}.kfp.yaml`);
      expect(file, `${expected[0].pipelineInfo.name}.kfp.yaml among ${result.files.map((f) => f.name).join(", ")}`).toBeDefined();
      const actual = parseKfp(file!.content);

      withSdkBraces(actual[0]);
      NORMALIZATIONS[name]?.apply(actual[0]);
      for (const n of GENERAL_NORMALIZATIONS) n.apply(actual, expected);
      for (const doc of [actual[0], expected[0]]) delete doc.sdkVersion;
      expect(actual).toEqual(expected);
    });
  }

  conformanceTest();
});
