import { describe, expect, it } from "vitest";
import { programToJson } from "../../src/ir/json.js";
import type { Program } from "../../src/ir/types.js";

const loc = { file: "a.mlpipe", line: 1, col: 1, endLine: 1, endCol: 2 };

describe("programToJson", () => {
  it("orders keys kind, name, the rest alphabetically, loc last, whatever order they were built in", () => {
    const a = { serves: [], tunes: [], pipelines: [], components: [{ loc, sideEffects: false, name: "c", kind: "component" }], kind: "program" };
    const b = { kind: "program", components: [{ kind: "component", name: "c", sideEffects: false, loc }], pipelines: [], tunes: [], serves: [] };
    const text = programToJson(a as unknown as Program);
    expect(text).toBe(programToJson(b as unknown as Program));
    expect(text.indexOf('"kind": "component"')).toBeLessThan(text.indexOf('"name": "c"'));
    expect(text.indexOf('"sideEffects"')).toBeLessThan(text.indexOf('"loc"'));
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("leaves out locations on request, and undefined values always", () => {
    const p = { kind: "program", components: [{ kind: "component", name: "c", description: undefined, loc }], pipelines: [], tunes: [], serves: [] };
    const text = programToJson(p as unknown as Program, { withLoc: false });
    expect(text).not.toContain("loc");
    expect(text).not.toContain("description");
  });
});
