import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMlpc, VALID, writeTree } from "./support.js";

/** Issue 11, point 8: unknown commands, sources on stdin, several pipelines on stdout. */

let root: string;

const TWO_PIPELINES = `component hello {
  image  "alpine:3.20"
  input  name: String
  run    ["echo", name]
}

pipeline one {
  a = hello(name: "1")
}

pipeline two_x {
  a = hello(name: "2")
}

serve first {
  model sklearn from "s3://models/first/1"
}

serve second {
  model sklearn from "s3://models/second/1"
}
`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-commands-"));
  writeTree(root, { "hello.mlpipe": VALID, "two.mlpipe": TWO_PIPELINES, "lib/hello.mlpipe": VALID.slice(0, VALID.indexOf("pipeline")) });
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const run = (args: readonly string[], input?: string) => runMlpc(args, root, { input });

describe("unknown commands", () => {
  for (const args of [["frob"], ["frob", "--help"], ["frob", "-h"], ["help", "frob"], ["--help", "frob"]]) {
    it(`mlpc ${args.join(" ")}: exit 2, "unknown command", no help`, () => {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe("mlpc: unknown command 'frob'\n(run 'mlpc --help' for usage)\n");
    });
  }

  it("help for a known command still works", () => {
    for (const args of [["help", "check"], ["check", "--help"], ["help", "lint"], ["lint", "--help"], ["help"]]) {
      const r = run(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toContain("Usage: mlpc");
    }
  });
});

describe("sources on stdin ('-')", () => {
  it("check - reads the source from stdin and names it <stdin>", () => {
    const r = run(["check", "-"], "pipeline p {\n");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:1:13 - error MLP1005: /);
  });

  it("check - of a valid source prints nothing and exits 0", () => {
    const r = run(["check", "-", "--format", "json"], VALID);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("[]\n");
  });

  it("compile - writes what compiling the file writes; imports resolve from the working directory", () => {
    const fromFile = run(["compile", "hello.mlpipe", "-t", "kfp"]);
    expect(fromFile.code).toBe(0);
    const fromStdin = run(["compile", "-", "-t", "kfp"], VALID);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const imported = run(["compile", "-", "-t", "kfp"], `import "lib/hello.mlpipe"\n\n${VALID.slice(VALID.indexOf("pipeline"))}`);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toBe(fromFile.stdout);
  });

  it("compile - -t ir -o DIR names the file stdin.ir.json", () => {
    const r = run(["compile", "-", "-t", "ir", "-o", "stdin-out"], VALID);
    expect(r.code).toBe(0);
    expect(readdirSync(join(root, "stdin-out"))).toEqual(["stdin.ir.json"]);
  });
});

describe("several files on stdout (-o -)", () => {
  it("Kubernetes targets print one multi-document YAML stream", () => {
    for (const [target, kinds] of [["argo", ["Workflow", "Workflow"]], ["kserve", ["InferenceService", "InferenceService"]]] as const) {
      const r = run(["compile", "two.mlpipe", "-t", target]);
      expect(r.code, r.stderr).toBe(0);
      const docs = parseAllDocuments(r.stdout);
      expect(docs.map((d) => (d.toJS() as { kind: string }).kind)).toEqual(kinds);
      expect(r.stdout.split("\n").filter((l) => l === "---")).toHaveLength(1);
    }
  });

  it("KFP refuses several pipelines and asks for --pipeline NAME", () => {
    const r = run(["compile", "two.mlpipe", "-t", "kfp"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "mlpc: KFP reads one pipeline per file, and this run produces 2 (one.kfp.yaml, two-x.kfp.yaml); pick one with --pipeline NAME, or give a directory with -o DIR.\n",
    );
  });

  it("--pipeline NAME picks one pipeline's file, on stdout or in a directory", () => {
    const kfp = run(["compile", "two.mlpipe", "-t", "kfp", "--pipeline", "two_x"]);
    expect(kfp.code).toBe(0);
    expect(kfp.stdout).toContain("# Name: two-x\n");
    expect(kfp.stdout).not.toContain("# Name: one\n");
    const argo = run(["compile", "two.mlpipe", "-t", "argo", "--pipeline", "one"]);
    expect(argo.code).toBe(0);
    expect(parseAllDocuments(argo.stdout).map((d) => (d.toJS() as { metadata: { generateName: string } }).metadata.generateName)).toEqual(["one-"]);
    const dir = run(["compile", "two.mlpipe", "-t", "kfp", "--pipeline", "one", "-o", "picked"]);
    expect(dir.code).toBe(0);
    expect(readdirSync(join(root, "picked"))).toEqual(["one.kfp.yaml"]);
  });

  it("--pipeline with an unknown name, or with a target that has no file per pipeline, is a usage error", () => {
    const unknown = run(["compile", "two.mlpipe", "-t", "kfp", "--pipeline", "three"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("mlpc: there is no pipeline 'three' in the sources; the pipelines are 'one', 'two_x'.\n");
    const ir = run(["compile", "two.mlpipe", "-t", "ir", "--pipeline", "one"]);
    expect(ir.code).toBe(2);
    expect(ir.stderr).toBe("mlpc: --pipeline picks the file of one pipeline, which only -t kfp and -t argo write.\n");
  });
});
