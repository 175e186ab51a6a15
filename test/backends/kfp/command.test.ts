import { describe, expect, it } from "vitest";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { checkSource } from "../../helpers.js";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

/** The container of the only executor of a one-step pipeline around `component`. */
function container(component: string, call = "c()") {
  const r = compileKfp(`${component}\npipeline p { ${call} }`);
  expect(r.diagnostics).toEqual([]);
  const [spec] = parseKfp(r.files[0].content);
  return spec.deploymentSpec.executors["exec-c"].container;
}

describe("KFP command lines", () => {
  it("writes command and args, leaving out empty ones", () => {
    expect(container(`component c { image "alpine:3.20" run ["echo", "hi"] }`)).toEqual({ command: ["echo", "hi"], image: "alpine:3.20" });
    expect(container(`component c { image "alpine:3.20" run ["echo"] args ["--flag"] }`)).toEqual({ args: ["--flag"], command: ["echo"], image: "alpine:3.20" });
  });

  it("rejects a component without a command: KFP's launcher replaces the image's entrypoint (MLP4009)", () => {
    const r = emitKfp(checkSource(`component c { image "alpine:3.20" args ["--flag"] }\npipeline p { c() }`).program!);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.loc?.line, d.loc?.col])).toEqual([["MLP4009", "error", 1, 11]]);
    expect(r.files).toEqual([]);
  });

  it("writes input and output placeholders as KFP's string placeholders", () => {
    const c = container(
      `component c {
  image "alpine:3.20"
  input text: String
  input data: Dataset
  output model: Model
  output score: Float
  run ["x", text, data.path, data.uri, model.path, model.uri, score.path]
}
component make { image "alpine:3.20" output d: Dataset run ["make", d.path] }`,
      "m = make()\n c(text: \"t\", data: m.d)",
    );
    expect(c.command).toEqual([
      "x",
      "{{$.inputs.parameters['text']}}",
      "{{$.inputs.artifacts['data'].path}}",
      "{{$.inputs.artifacts['data'].uri}}",
      "{{$.outputs.artifacts['model'].path}}",
      "{{$.outputs.artifacts['model'].uri}}",
      "{{$.outputs.parameters['score'].output_file}}",
    ]);
  });

  it("writes interpolated strings as one string, as the SDK writes f-strings", () => {
    const c = container(`component c {
  image "alpine:3.20"
  input lr: Float = 0.1
  output m: Model
  run  ["train"]
  args ["--lr=\${lr}", "--out=\${m.path}/model.bin", "plain"]
}`);
    expect(c.args).toEqual(["--lr={{$.inputs.parameters['lr']}}", "--out={{$.outputs.artifacts['m'].path}}/model.bin", "plain"]);
  });

  it("keeps multi-line scripts readable as literal blocks", () => {
    const r = compileKfp(`component c {
  image "alpine:3.20"
  input text: String
  run ["sh", "-c", """
    set -e
    echo "$0"
    """, text]
}
pipeline p { c(text: "x") }`);
    expect(r.files[0].content).toContain("        - |-\n          set -e\n          echo \"$0\"\n");
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.deploymentSpec.executors["exec-c"].container.command[2]).toBe('set -e\necho "$0"');
  });

  it("writes optional arguments as the SDK's IfPresent placeholder (a JSON string)", () => {
    const c = container(`component c {
  image "alpine:3.20"
  input tag: String?
  input n: Int?
  output o: Dataset
  run ["x", if tag ["--tag", tag] else ["--no-tag"], if n ["--n=\${n}", if tag ["\${o.uri}"]]]
}`);
    expect(c.command).toEqual([
      "x",
      `{"IfPresent": {"InputName": "tag", "Then": ["--tag", "{{$.inputs.parameters['tag']}}"], "Else": ["--no-tag"]}}`,
      `{"IfPresent": {"InputName": "n", "Then": ["--n={{$.inputs.parameters['n']}}", {"IfPresent": {"InputName": "tag", "Then": ["{{$.outputs.artifacts['o'].uri}}"]}}]}}`,
    ]);
  });

  it("escapes IfPresent JSON as Python's json.dumps does (non-ASCII as \\u escapes)", () => {
    const c = container(`component c {
  image "alpine:3.20"
  input tag: String?
  run ["x", if tag ["caf\u{e9} \\"q\\"\\\\"]]
}`);
    expect(c.command[1]).toBe(`{"IfPresent": {"InputName": "tag", "Then": ["caf\\u00e9 \\"q\\"\\\\"]}}`);
    expect(JSON.parse(c.command[1])).toEqual({ IfPresent: { InputName: "tag", Then: ['café "q"\\'] } });
  });

  it("rejects artifact metadata placeholders, which KFP's launcher does not substitute (MLP4002)", () => {
    const src = `component c {
  image "alpine:3.20"
  input model: Model
  output out: Model
  run ["x", model.metadata, "--out=\${out.metadata}"]
}
component make { image "alpine:3.20" output m: Model run ["make", m.path] }
pipeline p {
  m = make()
  c(model: m.m)
}`;
    const checked = checkSource(src);
    const r = emitKfp(checked.program!);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.loc?.line, d.loc?.col])).toEqual([
      ["MLP4002", "error", 5, 13],
      ["MLP4002", "error", 5, 38],
    ]);
    expect(r.files).toEqual([]);
  });
});

conformanceTest();
