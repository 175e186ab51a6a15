import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Settings, Tune } from "../../ir/types.js";
import { OUTPUTS_DIR, outputFile, renderCommand, shellQuote, type RenderedCommand, type TrialArg } from "./command.js";
import { affinity, envVars, keyValues, podVolumes, resourceRequirements, securityContext, tolerations } from "../kubernetes/pod.js";
import { dnsLabel, UniqueNames } from "../../kubernetes/names.js";
import { distributedTrialTemplate, withLocalOutputs } from "./distributed.js";

/** Where Katib's collectors read `name=value` lines by default (and where its StdOut collector writes). */
export const METRICS_FILE = "/var/log/katib/metrics.log";

/** The trial template and the metrics collector of a tune of a component. */
export interface Trial {
  readonly metricsCollectorSpec: Record<string, unknown>;
  readonly trialTemplate: Record<string, unknown>;
}

/**
 * The trial of a tune: a `batch/v1` Job whose one container runs the component, with the tune's
 * resolved `settings` (its own over the component's, see `passes/resolve`), and how Katib reads the
 * trial's metrics.
 *
 * Katib's metrics collectors read `name=value` lines, from the container's stdout or from a file.
 * `collector stdout` and `collector file "…"` say which; without them mlpc derives it from how the
 * component reports each metric: a metric output the command never writes to a file is printed
 * (stdout), while a metric written to its `.path` holds only the value, so mlpc runs the command through
 * `sh -c` and, when it succeeds, writes `name=value` lines from those files for Katib: to the metrics
 * file (File collector) when every metric is written to a file, to stdout otherwise.
 *
 * Katib itself runs the trial's command through `sh -c`, joined with spaces and unquoted, so an
 * argument with spaces or shell characters would be split or misread: such a command line is quoted
 * by mlpc and run as `sh -c '<quoted command>'`, which Katib keeps as it is.
 */
export function buildTrial(tune: Tune, original: Component, settings: Settings, diagnostics: Diagnostic[]): Trial {
  const distributed = settings.distributed !== undefined;
  const component = distributed ? withLocalOutputs(original) : original;
  const inputs = {
    searched: new Map(tune.search.map((s) => [s.name, s])),
    fixed: new Map(tune.arguments.map((a) => [a.name, a.value])),
  };
  const command = renderCommand(component.command, component, inputs, diagnostics);
  const args = renderCommand(component.args, component, inputs, diagnostics);

  for (const s of tune.search) {
    if (!command.searchedUsed.has(s.name) && !args.searchedUsed.has(s.name)) diagnostics.push(M.katibUnusedSearch.at(s.loc, s.name, component.name));
    for (const v of s.values ?? []) {
      if (typeof v === "string" && /['"\\]/.test(v)) diagnostics.push(M.katibUnsafeSearchValue.at(s.loc, JSON.stringify(v)));
    }
  }

  const lost = component.outputs.filter((o) => o.type.kind === "artifact" && (command.outputPaths.has(o.name) || args.outputPaths.has(o.name)));
  if (lost.length > 0) {
    const outputs = lost.map((o) => `the ${o.type.kind === "artifact" ? o.type.name : ""} output '${o.name}'`);
    const list = outputs.length === 1 ? outputs[0] : `${outputs.slice(0, -1).join(", ")} and ${outputs[outputs.length - 1]}`;
    diagnostics.push(M.katibTrialArtifactOutputs.at(tune.target.loc, tune.name, list, component.name));
  }

  const collector = metricsCollector(tune, component, command, args, diagnostics);
  const container = primaryContainer(component, settings, command, args, collector.report, diagnostics);

  if (distributed) {
    const withOutputs = command.outputPaths.size > 0 || args.outputPaths.size > 0;
    const { trialSpec, primaryContainerName, successCondition, failureCondition } = distributedTrialTemplate(
      tune,
      settings,
      { image: component.image.ref, command: container.command as string[] | undefined, args: container.args as string[] | undefined },
      withOutputs,
    );
    return {
      metricsCollectorSpec: collector.spec,
      trialTemplate: {
        primaryContainerName,
        successCondition,
        failureCondition,
        trialParameters: trialParameters(tune, component),
        trialSpec,
      },
    };
  }

  const volumeNames = new UniqueNames();
  const volumes = podVolumes(settings.volumes, volumeNames);
  const outputs = command.outputPaths.size > 0 || args.outputPaths.size > 0 ? volumeNames.take("mlpc-outputs") : undefined;
  const pod: Record<string, unknown> = {
    serviceAccountName: settings.serviceAccount?.name,
    activeDeadlineSeconds: settings.timeout?.seconds,
    containers: [
      {
        ...container,
        volumeMounts: nonEmpty([
          ...volumes.map((v) => v.mount),
          ...(outputs !== undefined ? [{ name: outputs, mountPath: OUTPUTS_DIR }] : []),
        ]),
      },
    ],
    volumes: nonEmpty([...volumes.map((v) => v.volume), ...(outputs !== undefined ? [{ name: outputs, emptyDir: {} }] : [])]),
    nodeSelector: keyValues(settings.nodeSelector),
    tolerations: tolerations(settings),
    affinity: affinity(settings.affinity),
    imagePullSecrets: nonEmpty((settings.imagePullSecrets ?? []).map((s) => ({ name: s.name }))),
    restartPolicy: "Never",
  };
  const labels = keyValues(settings.labels);
  const annotations = keyValues(settings.annotations);
  const template: Record<string, unknown> = {
    metadata: labels !== undefined || annotations !== undefined ? { labels, annotations } : undefined,
    spec: pod,
  };

  if (settings.retry !== undefined) {
    const r = settings.retry;
    if (r.backoffSeconds !== undefined || r.factor !== undefined || r.maxBackoffSeconds !== undefined) diagnostics.push(M.katibRetryBackoff.at(r.loc));
  }

  return {
    metricsCollectorSpec: collector.spec,
    trialTemplate: {
      primaryContainerName: container.name,
      trialParameters: trialParameters(tune, component),
      trialSpec: {
        apiVersion: "batch/v1",
        kind: "Job",
        spec: {
          // In mlpc a component without `retry` is not retried; Kubernetes would retry a Job's pod 6 times.
          backoffLimit: settings.retry?.limit ?? 0,
          template,
        },
      },
    },
  };
}

function trialParameters(tune: Tune, component: Component): Record<string, unknown>[] {
  return tune.search.map((s) => ({
    name: s.name,
    description: component.inputs.find((i) => i.name === s.name)?.description,
    reference: s.name,
  }));
}

/** How the trial's metrics reach Katib, and what the trial must print or write for that. */
interface Collector {
  readonly spec: Record<string, unknown>;
  /** Metrics written to output files that the command line must report after the component ends. */
  readonly report?: { readonly metrics: readonly string[]; readonly to: "file" | "stdout" };
}

function metricsCollector(tune: Tune, component: Component, command: RenderedCommand, args: RenderedCommand, diagnostics: Diagnostic[]): Collector {
  const c = tune.collector;
  if (c?.kind === "stdout") return { spec: { collector: { kind: "StdOut" } } };
  if (c?.kind === "file") {
    const path = c.path ?? "";
    if (!path.startsWith("/")) diagnostics.push(M.katibRelativeMetricsFile.at(c.loc, path));
    return fileCollector(path);
  }
  const metrics = [
    { name: tune.objective.metric, loc: tune.objective.loc },
    ...tune.objective.additionalMetrics.filter((m) => m.name !== tune.objective.metric),
  ];
  const inFiles = metrics.filter((m) => command.outputPaths.has(m.name) || args.outputPaths.has(m.name));
  if (inFiles.length === 0) return { spec: { collector: { kind: "StdOut" } } };
  if (component.command.length === 0) diagnostics.push(M.katibMetricFilesNeedRun.at(inFiles[0].loc, inFiles[0].name));
  const report = { metrics: inFiles.map((m) => m.name) };
  if (inFiles.length === metrics.length) return { ...fileCollector(METRICS_FILE), report: { ...report, to: "file" } };
  return { spec: { collector: { kind: "StdOut" } }, report: { ...report, to: "stdout" } };
}

function fileCollector(path: string): Collector {
  return { spec: { source: { fileSystemPath: { path, kind: "File", format: "TEXT" } }, collector: { kind: "File" } } };
}

/** The container that runs the component (Katib's primary container). */
function primaryContainer(
  component: Component,
  settings: Settings,
  command: RenderedCommand,
  args: RenderedCommand,
  report: Collector["report"],
  diagnostics: Diagnostic[],
): Record<string, unknown> & { name: string } {
  const name = dnsLabel(component.name);
  const all: TrialArg[] = [...command.args, ...args.args];
  const unsafe = all.find((a) => !a.shellSafe);
  let cmd: string[] | undefined;
  let arg: string[] | undefined;
  if ((report !== undefined || unsafe !== undefined) && component.command.length > 0) {
    let script = all.map((a) => shellQuote(a.text)).join(" ");
    if (report !== undefined) {
      const format = report.metrics.map((m) => `${m}=%s\\n`).join("");
      const values = report.metrics.map((m) => `"$(cat ${outputFile(m)})"`).join(" ");
      const print = `printf '${format}' ${values}`;
      // Katib appends its own redirection (stdout) and completion marker to the command it is given, so
      // the printed lines go into one group with the command.
      script = report.to === "file" ? `${script} && ${print} > ${METRICS_FILE}` : `{ ${script} && ${print}; }`;
    }
    cmd = ["sh", "-c", script];
  } else {
    if (unsafe !== undefined && report === undefined) diagnostics.push(M.katibUnquotableArgument.at(unsafe.loc, JSON.stringify(unsafe.text)));
    cmd = nonEmpty(command.args.map((a) => a.text));
    arg = nonEmpty(args.args.map((a) => a.text));
  }
  return {
    name,
    image: component.image.ref,
    command: cmd,
    args: arg,
    env: envVars(settings.env),
    resources: resourceRequirements(settings.resources),
    securityContext: securityContext(settings),
  };
}

function nonEmpty<T>(xs: T[]): T[] | undefined {
  return xs.length > 0 ? xs : undefined;
}

