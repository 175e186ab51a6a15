import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "../../passes/validate/support.js";
import { expectBackendDiagnostics, TRAIN } from "./support.js";

// Golden error cases for the rules of Katib's validating webhook (pkg/webhook/v1beta1/experiment/
// validator) and of what a trial pod can run: each rule, the code that reports it and its span. Rules
// the validator already covers are asserted against the validator (the back end does not report them
// again); the others against the Katib back end.

const tune = (items: string, name = "hpo") =>
  `${TRAIN}\ntune ${name} of train {\n  objective minimize loss\n  algorithm random\n${items}}\n`;
const SEARCH = `  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`;

describe("Katib webhook rules checked by the validator", () => {
  // The validator's tests import a shared library (lib.mlpipe) whose `sweep` component is tuned here.
  const t = (items: string, name = "t") =>
    `tune ${name} of sweep {\n  objective minimize loss\n  algorithm random\n  search lr: Float in 0.001 .. 0.1\n${items}}\n`;

  it("parallel trials above the trial count: MLP2145 at the tune's name", () => {
    expectDiagnostics(t("  trials 4 parallel 5\n"), [["MLP2145", "tune «t»"]]);
  });

  it("failed trials above the trial count: MLP2146 at the tune's name", () => {
    expectDiagnostics(t("  trials 4 failures 5\n"), [["MLP2146", "tune «t»"]]);
  });

  it("a metric the component does not output: MLP2052 at the metric", () => {
    expectDiagnostics(t("  metrics [f1]\n"), [["MLP2052", "[«f1»]"]]);
  });

  it("a search parameter the component does not take: MLP2004 at the searched name", () => {
    expectDiagnostics(t("  search momentum: Float in 0.5 .. 0.9\n"), [["MLP2004", "search «momentum»"]]);
  });

  it("a name that is not a DNS-1035 label: MLP2018 at the tune's name", () => {
    expectDiagnostics(t("", "_hpo"), [["MLP2018", "tune «_hpo»"]]);
  });
});

describe("Katib webhook rules checked by the back end", () => {
  it("a name longer than 40 characters: MLP4201 at the tune's name, and no file", () => {
    const name = "fraud_detection_xgboost_hyperparameter_search"; // 45 characters
    const c = expectBackendDiagnostics(tune(SEARCH, name), [["MLP4201", `tune «${name}»`]]);
    expect(c.result.files).toEqual([]);
    expect(c.diagnostics[0].message).toContain("'fraud-detection-xgboost-hyperparameter-search' (45)");
  });

  it("accepts a name of exactly 40 characters", () => {
    const name = "a".repeat(40);
    expect(expectBackendDiagnostics(tune(SEARCH, name), []).result.files).toHaveLength(1);
  });

  it("the objective among the additional metrics: MLP4202 at that metric", () => {
    const c = expectBackendDiagnostics(tune(`${SEARCH}  metrics [accuracy, loss]\n`), [["MLP4202", "[accuracy, «loss»]"]]);
    expect(c.result.files).toEqual([]);
  });

  it("no search parameter: MLP4203 at the tune's name", () => {
    const c = expectBackendDiagnostics(tune(`  with { data_uri: "s3://d" }\n`), [["MLP4203", "tune «hpo»"]]);
    expect(c.result.files).toEqual([]);
  });

  it("a metrics file path that is not absolute: MLP4204 at the collector", () => {
    const c = expectBackendDiagnostics(tune(`${SEARCH}  collector file "logs/metrics.txt"\n`), [["MLP4204", "collector «file»"]]);
    expect(c.result.files).toEqual([]);
  });

  it("a searched input the trial's command never uses (Katib: trial parameter not found in the template): MLP4208 at the search", () => {
    const text = TRAIN.replace(`, "--booster", booster]`, "]") + `\ntune hpo of train {\n  objective minimize loss\n  algorithm random\n${SEARCH}  search booster: String in ["a", "b"]\n}\n`;
    expectBackendDiagnostics(text, [["MLP4208", "search «booster»"]]);
  });
});

/** A component that writes its metrics to output files (as a pipeline step must for Argo). */
const FIT = `component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  output loss: Float
  output accuracy: Float
  run    ["python", "fit.py", "--lr", lr, "--loss", loss.path, "--accuracy", accuracy.path]
}`;

describe("What a trial cannot run as written", () => {
  it("a Workflow trial's metrics from another source than one step directly in the pipeline: MLP4210, MLP4211 at the metric", () => {
    const text = `${FIT}
pipeline inner_pipe {
  param lr: Float = 0.1
  output loss: Float = f.loss
  f = fit(lr: lr)
}
pipeline pipe {
  param lr: Float = 0.1
  output loss: Float = first.loss
  output accuracy: Float = second.accuracy
  output nested: Float = sub.loss
  first = fit(lr: lr)
  second = fit(lr: lr)
  sub = inner_pipe(lr: lr)
}
tune apart of pipe {
  objective minimize loss
  metrics [accuracy]
  algorithm random
  search lr: Float in 0.001 .. 0.1
}
tune nested of pipe {
  objective minimize nested
  algorithm random
  search lr: Float in 0.001 .. 0.1
}
`;
    const c = expectBackendDiagnostics(text, [
      ["MLP4211", "metrics [«accuracy»]"],
      ["MLP4210", "objective minimize «nested»"],
    ]);
    expect(c.result.files).toEqual([]);
  });

  it("settings on a tune of a pipeline, which would apply to none of its steps: MLP4212 at the tune", () => {
    const text = `${FIT}
pipeline pipe {
  param lr: Float = 0.1
  output loss: Float = first.loss
  first = fit(lr: lr)
}
tune hpo of pipe {
  objective minimize loss
  algorithm random
  search lr: Float in 0.001 .. 0.1
  resources { cpu 2 }
}
`;
    expectBackendDiagnostics(text, [["MLP4212", "tune «hpo»"]]);
  });

  it("an artifact input, or an artifact's URI or metadata, has no value in a trial: MLP4205 at the placeholder", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  input data: Dataset?
  output model: Model
  output loss: Float
  run ["c", lr, "--data", data.path, "--model-uri", model.uri, loss.path]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
}
`;
    const c = expectBackendDiagnostics(text, [
      ["MLP4205", "«data.path»"],
      ["MLP4205", "«model.uri»"],
    ]);
    expect(c.diagnostics[0].message).toContain("'data.path'");
    expect(c.result.files).toEqual([]);
  });

  it("an optional input with no value, used outside `if`: MLP4205 at the placeholder", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  input seed: Int?
  output loss: Float
  run ["c", lr, "--seed", seed]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
}
`;
    expectBackendDiagnostics(text, [["MLP4205", `"--seed", «seed»`]]);
  });

  it("an argument Katib's unquoted shell would split, with no `run` to quote: MLP4206 at the argument", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  output loss: Float
  args ["--lr", lr, "--note", "two words"]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
}
`;
    const c = expectBackendDiagnostics(text, [["MLP4206", `«"two words"»`]]);
    expect(c.diagnostics[0].message).toContain(`"two words"`);
  });

  it("a categorical value with a quote or backslash: MLP4209 at the search", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input kernel: String
  output loss: Float
  run ["c", kernel]
}
tune t of c {
  objective minimize loss
  algorithm random
  search kernel: String in ["rbf", "it's"]
}
`;
    expectBackendDiagnostics(text, [["MLP4209", "search «kernel»"]]);
  });
});
