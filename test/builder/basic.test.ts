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
