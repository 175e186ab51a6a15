import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectBackendDiagnostics, experiment, trialPod } from "./support.js";

/** A component that writes its metrics to output files (`auc.path`, `logloss.path`), as for KFP. */
const FILES = `component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  output model: Model
  output auc: Float
  output logloss: Float
  run    ["python", "fit.py", "--lr", lr, "--model", model.path, "--auc", auc.path, "--logloss", logloss.path]
}
`;

/** A component that prints its metrics (`auc=0.9` lines): no metric output reaches its command. */
const PRINTS = `component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  output auc: Float
  output logloss: Float
  run    ["python", "fit.py", "--lr", lr]
}
`;

const tune = (component: string, items = "") =>
  `${component}\ntune t of fit {\n  objective maximize auc\n  algorithm random\n  search lr: Float in 0.01 .. 0.1\n${items}}\n`;

describe("Katib metrics collector", () => {
  it("reads stdout with `collector stdout`", () => {
    const e = experiment(tune(FILES, "  metrics [logloss]\n  collector stdout\n"));
    expect(e.spec.metricsCollectorSpec).toEqual({ collector: { kind: "StdOut" } });
    // The command is the component's, unchanged.
    expect(trialPod(e).container.command).toEqual([
      "python", "fit.py", "--lr", "${trialParameters.lr}", "--model", "/tmp/outputs/model", "--auc", "/tmp/outputs/auc", "--logloss", "/tmp/outputs/logloss",
    ]);
  });

  it("reads the named file with `collector file`, as name=value text", () => {
    const e = experiment(tune(PRINTS, `  collector file "/var/log/train/metrics.txt"\n`));
    expect(e.spec.metricsCollectorSpec).toEqual({
      source: { fileSystemPath: { path: "/var/log/train/metrics.txt", kind: "File", format: "TEXT" } },
      collector: { kind: "File" },
    });
    expect(trialPod(e).container.command).toEqual(["python", "fit.py", "--lr", "${trialParameters.lr}"]);
  });

  it("reads stdout when no metric is written to a file (the component prints them)", () => {
    const e = experiment(tune(PRINTS, "  metrics [logloss]\n"));
    expect(e.spec.metricsCollectorSpec).toEqual({ collector: { kind: "StdOut" } });
    expect(trialPod(e).container.command).toEqual(["python", "fit.py", "--lr", "${trialParameters.lr}"]);
  });

  it("reads a metrics file that the trial writes from the metric outputs' files after the component succeeds", () => {
    const e = experiment(tune(FILES, "  metrics [logloss]\n"));
    expect(e.spec.metricsCollectorSpec).toEqual({
      source: { fileSystemPath: { path: "/var/log/katib/metrics.log", kind: "File", format: "TEXT" } },
      collector: { kind: "File" },
    });
    expect(trialPod(e).container.command).toEqual([
      "sh",
      "-c",
      "python fit.py --lr '${trialParameters.lr}' --model /tmp/outputs/model --auc /tmp/outputs/auc --logloss /tmp/outputs/logloss" +
        ` && printf 'auc=%s\\nlogloss=%s\\n' "$(cat /tmp/outputs/auc)" "$(cat /tmp/outputs/logloss)" > /var/log/katib/metrics.log`,
    ]);
  });

  it("prints the file metrics on stdout, grouped with the command, when other metrics are printed", () => {
    const text = tune(FILES.replace(`, "--logloss", logloss.path]`, "]"), "  metrics [logloss]\n");
    const e = experiment(text);
    expect(e.spec.metricsCollectorSpec).toEqual({ collector: { kind: "StdOut" } });
    expect(trialPod(e).container.command).toEqual([
      "sh",
      "-c",
      `{ python fit.py --lr '\${trialParameters.lr}' --model /tmp/outputs/model --auc /tmp/outputs/auc && printf 'auc=%s\\n' "$(cat /tmp/outputs/auc)"; }`,
    ]);
  });

  it("needs the component's full command to report metric files", () => {
    const text = tune(FILES.replace("run    [\"python\", \"fit.py\", ", "args   ["));
    // (The component's model output is lost with each trial's pod: MLP4222 says so too.)
    const c = expectBackendDiagnostics(text, [
      ["MLP4207", "maximize «auc»"],
      ["MLP4222", "of «fit»"],
    ]);
    expect(c.result.files).toEqual([]);
  });

  it("gives Katib name=value lines when the trial's command runs (Katib's wrapping included)", () => {
    const e = experiment(tune(FILES, "  metrics [logloss]\n"));
    const script = trialPod(e).container.command[2] as string;
    const dir = mkdtempSync(join(tmpdir(), "mlpc-katib-"));
    try {
      // Stand-ins for the container: `python` writes the metric files it is given as a KFP component
      // would (the bare value), paths live under a temporary directory instead of /tmp/outputs and
      // /var/log/katib, and the trial parameter is substituted as Katib does before the pod starts.
      const fake = `python() { while [ $# -gt 0 ]; do case "$1" in --auc) echo 0.93 > "$2";; --logloss) printf '0.21\\n' > "$2";; esac; shift; done; }`;
      const local = script
        .replaceAll("/tmp/outputs", join(dir, "outputs"))
        .replaceAll("/var/log/katib", dir)
        .replaceAll("${trialParameters.lr}", "0.05");
      // Katib runs the primary container's command as `sh -c "<command> && echo completed > <dir>/$$$$.pid"`.
      execFileSync("sh", ["-c", `mkdir -p ${join(dir, "outputs")} && ${fake}; ${local} && echo completed > ${dir}/$$$$.pid`]);
      expect(readFileSync(join(dir, "metrics.log"), "utf8")).toBe("auc=0.93\nlogloss=0.21\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports no metrics when the component fails, and fails the trial", () => {
    const e = experiment(tune(FILES));
    const script = trialPod(e).container.command[2] as string;
    const dir = mkdtempSync(join(tmpdir(), "mlpc-katib-"));
    try {
      const local = script.replaceAll("/tmp/outputs", join(dir, "outputs")).replaceAll("/var/log/katib", dir);
      let status = 0;
      try {
        execFileSync("sh", ["-c", `python() { return 3; }; ${local}`], { stdio: "pipe" });
      } catch (err) {
        status = (err as { status: number }).status;
      }
      expect(status).toBe(3);
      expect(() => readFileSync(join(dir, "metrics.log"))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
