import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource } from "../helpers.js";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { programToJson } from "../../src/ir/json.js";
import * as basic from "./fixtures/basic.js";

describe("the builder", () => {
  it("builds the same IR as the language for the same pipeline", () => {
    const dsl = checkSource({ "basic.mlpipe": readFileSync(new URL("./fixtures/basic.mlpipe", import.meta.url), "utf8") });
    expect(dsl.diagnostics).toEqual([]);
    const ts = buildProgram(basic, process.cwd());
    expect(ts.diagnostics).toEqual([]);
    expect(programToJson(ts.program!, { withLoc: false })).toBe(programToJson(dsl.program!, { withLoc: false }));
  });
});

describe("the builder's MIG requests and cache maxAge", () => {
  const source = `component embed {
  image "ghcr.io/acme/embed:1.0"
  run ["embed"]
  resources { gpu 2 "nvidia-a100-80gb" mig "1g.10gb" }
  cache on maxAge "24h"
}
component index {
  image "ghcr.io/acme/index:1.0"
  run ["index"]
  resources { gpu 1 mig "3g.40gb" }
}
pipeline p {
  cache maxAge "2d"
  e = embed()
  i = index() { cache off }
}
`;

  it("build the same IR as the language", async () => {
    const { component, pipeline } = await import("../../src/index.js");
    const embed = component("embed", { image: "ghcr.io/acme/embed:1.0", run: () => ["embed"], resources: { gpu: { count: 2, type: "nvidia-a100-80gb", mig: "1g.10gb" } }, cache: { enabled: true, maxAge: "24h" } });
    const index = component("index", { image: "ghcr.io/acme/index:1.0", run: () => ["index"], resources: { gpu: { count: 1, mig: "3g.40gb" } } });
    const p = pipeline("p", { cache: { maxAge: "2d" } }, () => {
      embed({}, { name: "e" });
      index({}, { name: "i", cache: false });
    });
    const dsl = checkSource({ "main.mlpipe": source });
    expect(dsl.diagnostics).toEqual([]);
    const ts = buildProgram({ embed, index, p }, process.cwd());
    expect(ts.diagnostics).toEqual([]);
    expect(programToJson(ts.program!, { withLoc: false })).toBe(programToJson(dsl.program!, { withLoc: false }));
    expect(ts.program!.pipelines[0].settings.cacheMaxAge?.seconds).toBe(172800);
  });

  it("report a malformed maxAge and a cache flag that is not a Bool with the language's codes", async () => {
    const { component } = await import("../../src/index.js");
    const k = component("k", { image: "k:1", run: () => ["k"], cache: { maxAge: "a day" } });
    const j = component("j", { image: "j:1", run: () => ["j"], cache: { enabled: "yes" as never } });
    expect(buildProgram({ k, j }, process.cwd()).diagnostics.map((d) => d.code)).toEqual(["MLP2013", "MLP2099"]);
  });
});

describe("the builder and user keys named like Object.prototype's", () => {
  it("keeps an input and a parameter named __proto__ or constructor, in run() and in the pipeline body", async () => {
    const { component, pipeline, Str } = await import("../../src/index.js");
    const echo = component("echo", {
      image: "ghcr.io/acme/echo:1.0",
      inputs: { ["__proto__"]: Str, constructor: Str },
      run: (io: Record<string, unknown>) => ["echo", io["__proto__"] as never, io.constructor as never],
    });
    const p = pipeline("p", { params: { ["__proto__"]: Str, constructor: Str } }, ({ params }) => {
      const ps = params as Record<string, unknown>;
      echo({ ["__proto__"]: ps["__proto__"], constructor: ps.constructor } as never);
    });
    const built = buildProgram({ echo, p }, process.cwd());
    expect(built.diagnostics).toEqual([]);
    const c = built.program!.components[0];
    expect(c.inputs.map((i) => i.name)).toEqual(["__proto__", "constructor"]);
    expect(JSON.stringify(c.command.length > 0 ? c.command : c.args)).toContain('"name":"__proto__"');
    const step = built.program!.pipelines[0].body[0];
    expect(step.kind === "step" && step.arguments.map((a) => [a.name, a.value.kind === "param" ? a.value.name : a.value.kind])).toEqual([
      ["__proto__", "__proto__"],
      ["constructor", "constructor"],
    ]);
  });
});
