import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

// The rules distributed-job-fields, distributed-elastic, distributed-gpus, distributed-runtime-name
// and distributed-io (one test block each), and the field checks of lowering (MLP2170-MLP2173).

const COMPONENT = (block: string, extra = "", run = '["torchrun", "t.py", "--out", model.uri]') => `
component ft {
  image "ghcr.io/acme/ft:1.0"
  input data: Dataset
  output model: Model
  run ${run}
${extra}  distributed { ${block} }
}
`;
const PIPE = (step = "") => `
pipeline p {
  d = import Dataset from "s3://acme/d"
  f = ft(data: d.artifact)${step}
}
`;
const opts = { lib: false };

describe("distributed fields (lowering)", () => {
  it("accepts every field, in any order", () => {
    expectDiagnostics(COMPONENT("backoffLimit 0  restart exitCode  elastic 1 .. 4  procsPerNode 1  nodes 2  job pytorchjob") + PIPE(), [], opts);
    expectDiagnostics(COMPONENT('runtime "torch-distributed"  nodes 1  procsPerNode 4  job trainjob') + PIPE(), [], opts);
  });

  it("reports unknown names, kinds and policies, counts out of range, ranges where they do not belong, repeats", () => {
    const ds = expectDiagnostics(
      COMPONENT("job mpijob  nodes 0  restart sometimes  worker 3  procsPerNode 2 .. 4  elastic 2  backoffLimit -1  nodes 2") + PIPE(),
      [
        ["MLP2170", "mpijob"],
        ["MLP2172", "nodes «0»"],
        ["MLP2171", "sometimes"],
        ["MLP2034", "worker"],
        ["MLP2173", "2 .. 4"],
        ["MLP2173", "elastic «2»"],
        ["MLP2172", "-1"],
        ["MLP2041", "nodes", 1],
      ],
      opts,
    );
    expect(ds.find((d) => d.code === "MLP2034")!.message).toBe("Unknown field 'worker' of a distributed block.");
    expect(ds.find((d) => d.code === "MLP2173" && d.message.includes("elastic"))!.message).toBe("Invalid 'elastic': write it as a range such as 'elastic 2 .. 8'.");
  });

  it("is not a setting of a pipeline, tune or serve", () => {
    expectDiagnostics(COMPONENT("nodes 2") + `\npipeline p {\n  distributed { nodes 2 }\n  d = import Dataset from "s3://acme/d"\n  f = ft(data: d.artifact)\n}\n`, [["MLP2038", "distributed", 1]], opts);
  });
});

describe("distributed-job-fields", () => {
  it("reports the fields the job kind does not have, at the field", () => {
    expectDiagnostics(
      COMPONENT("nodes 2  elastic 1 .. 2  restart never  backoffLimit 1") + PIPE(),
      [
        ["MLP2174", "1 .. 2"],
        ["MLP2174", "never"],
        ["MLP2174", "backoffLimit «1»"],
      ],
      opts,
    );
    expectDiagnostics(COMPONENT('job tfjob  runtime "x"  procsPerNode 2  elastic 1 .. 2') + PIPE(), [["MLP2174", '"x"'], ["MLP2174", "procsPerNode «2»"], ["MLP2174", "1 .. 2"]], opts);
  });

  it("checks a step's block with its component's fields, once, and takes one of another kind whole", () => {
    expectDiagnostics(COMPONENT('runtime "torch-distributed"') + PIPE(" { distributed { restart onFailure } }"), [["MLP2174", "onFailure"]], opts);
    expectDiagnostics(COMPONENT('runtime "torch-distributed"') + PIPE(" { distributed { job pytorchjob  restart onFailure } }"), [], opts);
  });

  it("reports a block on a step that calls a pipeline", () => {
    const text = COMPONENT("nodes 2") + PIPE() + `\npipeline outer {\n  q = p() { distributed { nodes 2 } }\n}\n`;
    expectDiagnostics(text, [["MLP2180", "distributed", 1]], opts);
  });
});

describe("distributed-elastic", () => {
  it("needs a non-empty range that holds the starting nodes", () => {
    expectDiagnostics(COMPONENT("job pytorchjob  nodes 3  elastic 1 .. 4") + PIPE(), [], opts);
    expectDiagnostics(COMPONENT("job pytorchjob  elastic 2 .. 4") + PIPE(), [], opts);
    expectDiagnostics(COMPONENT("job pytorchjob  nodes 5  elastic 1 .. 4") + PIPE(), [["MLP2175", "1 .. 4"]], opts);
    expectDiagnostics(COMPONENT("job pytorchjob  elastic 4 .. 2") + PIPE(), [["MLP2175", "4 .. 2"]], opts);
  });
});

describe("distributed-gpus", () => {
  it("allows at most one process per GPU of a node, and any number without GPUs", () => {
    expectDiagnostics(COMPONENT("procsPerNode 8", "  resources { gpu 8 }\n") + PIPE(), [], opts);
    expectDiagnostics(COMPONENT("procsPerNode 16") + PIPE(), [], opts);
    const [d] = expectDiagnostics(COMPONENT("procsPerNode 8", "  resources { gpu 4 }\n") + PIPE(), [["MLP2176", "procsPerNode «8»"]], opts);
    expect(d!.related.map((r) => r.loc.line)).toEqual([7]);
  });

  it("checks a step that raises the processes over its component's GPUs", () => {
    expectDiagnostics(COMPONENT("procsPerNode 2", "  resources { gpu 2 }\n") + PIPE(" { distributed { procsPerNode 4 } }"), [["MLP2176", "procsPerNode «4»"]], opts);
  });
});

describe("distributed-runtime-name", () => {
  it("needs a Kubernetes object name", () => {
    expectDiagnostics(COMPONENT('runtime "deepspeed-distributed.v2"') + PIPE(), [], opts);
    for (const bad of ["Torch", "torch_distributed", "-torch", ""]) expectDiagnostics(COMPONENT(`runtime "${bad}"`) + PIPE(), [["MLP2177", `"${bad}"`]], opts);
  });
});

describe("distributed-io", () => {
  it("needs artifacts by URI, never by local path", () => {
    expectDiagnostics(COMPONENT("nodes 2", "", '["t", data.path, model.path]') + PIPE(), [["MLP2178", "data.path"], ["MLP2178", "model.path"]], opts);
  });

  it("refuses value outputs of a distributed step, not of a component only tuned", () => {
    const component = (extra: string) => COMPONENT("nodes 2", "", '["t", data.uri, model.uri, loss.path]').replace("  output model: Model\n", `  output model: Model\n${extra}`);
    expectDiagnostics(component("  output loss: Float\n") + PIPE(), [["MLP2179", "loss"]], opts);
    const tuned = `
component ft {
  image "ghcr.io/acme/ft:1.0"
  input lr: Float = 0.1
  output model: Model
  output loss: Float
  run ["torchrun", "t.py", "--lr", lr, "--out", model.uri, "--loss", loss.path]
  distributed { job pytorchjob  nodes 2 }
}

tune t of ft {
  objective minimize loss
  algorithm random
  search lr: Float in 0.01 .. 0.1
}
`;
    expectDiagnostics(tuned, [], opts);
  });
});
