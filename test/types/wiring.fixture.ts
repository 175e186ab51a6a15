// Type-level tests of the builder: every `@ts-expect-error` line must be a tsc error (tsc fails on an
// unused one), and the rest must type-check. test/types/types.test.ts also checks this file through
// the TypeScript API, so a plain `vitest run` covers it too.
import { and, Bool, collect, component, Dataset, Float, importer, Int, List, Model, not, pipeline, Status, Str } from "../../src/index.js";

const prepare = component("prepare", {
  image: "ghcr.io/acme/prep:1.0",
  inputs: { source: Str, sample: Float.default(1.0), tag: Str.optional() },
  outputs: { train: Dataset, rows: Int, label: Str },
  run: ({ source, train, rows, label }) => ["prep", source, train.path, rows.path, label.path],
});

const train = component("train", {
  image: "ghcr.io/acme/train:2.3.1",
  inputs: { data: Dataset, lr: Float, epochs: Int.default(10), tags: List.optional() },
  outputs: { model: Model, accuracy: Float, passed: Bool },
  run: ({ data, lr, epochs, model, accuracy, passed }) => ["train", data.path, lr, epochs, model.path, accuracy.path, passed.path],
});

const notify = component("notify", {
  image: "ghcr.io/acme/notify:1.0",
  inputs: { message: Str, status: Status },
  run: ({ message }) => ["notify", message],
});

const summarize = component("summarize", {
  image: "ghcr.io/acme/summarize:1.0",
  inputs: { values: List },
  outputs: { best: Float },
  run: ({ values, best }) => ["summarize", values, best.path],
});

// Inside `run`: a parameter input has no path, an output parameter has no value of its own.
component("bad_run", {
  image: "ghcr.io/acme/x:1",
  inputs: { n: Int, d: Dataset },
  outputs: { out: Float },
  // @ts-expect-error an Int input is a value, not a file: it has no .path
  run: ({ n, d, out }) => ["x", n.path, d.path, out.path],
});

export default pipeline("typed", { params: { source: Str, lr: Float.default(0.01), n: Int.default(3), flag: Bool.default(true) } }, (p) => {
  const prep = prepare({ source: p.params.source }, { name: "prep" });

  // Well-typed wiring: artifact to artifact, Float param to Float, Int to Float (widening), literals.
  const fit = train({ data: prep.outputs.train, lr: p.params.lr }, { name: "fit" });
  train({ data: prep.outputs.train, lr: p.params.n, epochs: 5, tags: ["a", "b"] });
  train({ data: prep.outputs.train, lr: 0.1, tags: [p.params.source] });

  // @ts-expect-error a Dataset output passed to a Float input
  train({ data: prep.outputs.train, lr: prep.outputs.train });

  // @ts-expect-error a Float passed to an Int input
  train({ data: prep.outputs.train, lr: 0.1, epochs: p.params.lr });

  // @ts-expect-error a Model passed to a Dataset input
  train({ data: fit.outputs.model, lr: 0.1 });

  // @ts-expect-error the required input `lr` is missing
  train({ data: prep.outputs.train });

  // @ts-expect-error `learning_rate` is not an input of train
  train({ data: prep.outputs.train, lr: 0.1, learning_rate: 0.1 });

  // @ts-expect-error `acuracy` is not an output of train
  notify({ message: fit.outputs.acuracy });

  // @ts-expect-error a String literal passed to an Int input
  train({ data: prep.outputs.train, lr: 0.1, epochs: "ten" });

  // Conditions: numbers with numbers, strings with strings, Bool values as they are.
  p.if(and(fit.outputs.accuracy.ge(0.9), not(prep.outputs.rows.lt(100))), () => {
    notify({ message: `accuracy ${fit.outputs.accuracy}` });
  });
  p.if(prep.outputs.label.eq("fraud"), () => notify({ message: "fraud" }));
  p.if(fit.outputs.passed, () => notify({ message: "passed" }));

  // @ts-expect-error a String output compared with a number
  p.if(prep.outputs.label.eq(0.9), () => notify({ message: "x" }));

  // @ts-expect-error a Float output compared with a string
  p.if(fit.outputs.accuracy.ge("0.9"), () => notify({ message: "x" }));

  // @ts-expect-error an artifact is not a condition
  p.if(fit.outputs.model, () => notify({ message: "x" }));

  // @ts-expect-error artifacts cannot be compared
  p.if(fit.outputs.model.eq("s3://x"), () => notify({ message: "x" }));

  // Loops and fan-in.
  p.for("shard", [1, 2, 3], (shard) => {
    const s = summarize({ values: [shard] }, { name: "score" });
    void s;
  }, { parallel: 2 });
  summarize({ values: collect(fit.outputs.accuracy) });

  // @ts-expect-error collect() gives a List, not a Float
  train({ data: prep.outputs.train, lr: collect(fit.outputs.accuracy) });

  // Importer: its output is an artifact of the given type.
  const base = importer(Model, "hf://acme/base-model");
  // @ts-expect-error an imported Model is not a Dataset
  train({ data: base.outputs.artifact, lr: 0.1 });

  p.finally(() => {
    notify({ message: "done", status: p.status });
    // @ts-expect-error the status is not a String
    notify({ message: p.status });
  });
});
