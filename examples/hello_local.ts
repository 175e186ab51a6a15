// The first pipeline to run: the TypeScript twin of hello_local.mlpipe. `npx mlpc run
// examples/hello_local.ts` runs it on this machine with sh and coreutils only (or in busybox with
// --runner docker), with the same wiring, condition, loop and exit handler as on Kubeflow Pipelines
// or Argo (`mlpc compile -t kfp|argo`).

import { and, Bool, collect, component, Dataset, Int, List, oneOf, pipeline, Status, Str, type Step } from "mlpc";

export const greet = component("greet", {
  description: "Writes a greeting to a file and counts its words",
  image: "busybox:1.36",
  inputs: { name: Str },
  outputs: { greeting: Dataset, words: Int },
  run: ({ name, greeting, words }) => [
    "sh", "-c", "printf 'hello, %s\\n' \"$0\" > \"$1\" && wc -w < \"$1\" | tr -d ' ' > \"$2\"",
    name, greeting.path, words.path,
  ],
  resources: { cpu: "100m", memory: "64Mi" },
  timeout: "1m",
});

export const shout = component("shout", {
  description: "Upper-cases a greeting",
  image: "busybox:1.36",
  inputs: { greeting: Dataset },
  outputs: { line: Str },
  run: ({ greeting, line }) => ["sh", "-c", "tr a-z A-Z < \"$0\" | tr -d '\\n' > \"$1\"", greeting.path, line.path],
  resources: { cpu: "100m", memory: "64Mi" },
});

export const whisper = component("whisper", {
  description: "Lower-cases a greeting",
  image: "busybox:1.36",
  inputs: { greeting: Dataset },
  outputs: { line: Str },
  run: ({ greeting, line }) => ["sh", "-c", "tr A-Z a-z < \"$0\" | tr -d '\\n' > \"$1\"", greeting.path, line.path],
  resources: { cpu: "100m", memory: "64Mi" },
});

export const square = component("square", {
  description: "Squares a number",
  image: "busybox:1.36",
  inputs: { n: Int },
  outputs: { squared: Int },
  run: ({ n, squared }) => ["sh", "-c", "echo $(($0 * $0)) > \"$1\"", n, squared.path],
  resources: { cpu: "100m", memory: "64Mi" },
});

export const total = component("total", {
  description: "Adds up a JSON list of numbers",
  image: "busybox:1.36",
  inputs: { values: List(Int) },
  outputs: { sum: Int },
  run: ({ values, sum }) => [
    "sh", "-c", "s=0; for v in $(echo \"$0\" | tr -d '[]' | tr ',' ' '); do s=$((s + v)); done; echo \"$s\" > \"$1\"",
    values, sum.path,
  ],
  resources: { cpu: "100m", memory: "64Mi" },
});

export const report = component("report", {
  description: "Says how the run ended",
  image: "busybox:1.36",
  inputs: { status: Status, message: Str },
  run: ({ status, message }) => ["sh", "-c", "echo \"$1: $0\"", status, message],
  resources: { cpu: "100m", memory: "64Mi" },
});

// mlpc-disable-next-line mlpc/artifact-root -- on a cluster, artifacts go to the namespace's default artifact repository; locally, to the run's work directory
export default pipeline(
  "hello_local",
  {
    description: "Greets, squares three numbers in a loop and adds them up, then reports how the run ended",
    params: { name: Str.default("world"), loud: Bool.default(true) },
  },
  (p) => {
    const hello = greet({ name: p.params.name }, { name: "hello" });
    let loud!: Step<{ line: typeof Str }>;
    let soft!: Step<{ line: typeof Str }>;
    p.if(and(p.params.loud, hello.outputs.words.gt(1)), () => {
      loud = shout({ greeting: hello.outputs.greeting }, { name: "loud_line" });
    }).else(() => {
      soft = whisper({ greeting: hello.outputs.greeting }, { name: "soft_line" });
    });

    const sq = p.for("n", [1, 2, 3], (n) => square({ n }, { name: "sq" }), { parallel: 2 });
    const sum = total({ values: collect(sq.outputs.squared) }, { name: "sum" });

    p.finally(() => {
      report({ status: p.status, message: "hello_local finished" });
    });
    return { greeting: oneOf(loud.outputs.line, soft.outputs.line), sum: sum.outputs.sum };
  },
);
