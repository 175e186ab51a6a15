import { describe, expect, it } from "vitest";
import { cyclePath, findCycles, type Edge } from "../../../src/ir/query/graph.js";

const loc = { file: "x", line: 1, col: 1, endLine: 1, endCol: 2 };
const e = (from: string, to: string): Edge => ({ from, to, loc });

describe("findCycles", () => {
  it("finds nothing in a DAG", () => {
    expect(findCycles(["a", "b", "c"], [e("a", "b"), e("b", "c"), e("a", "c")])).toEqual([]);
  });

  it("reports a self-loop and one shortest cycle per component, from the first node", () => {
    const cycles = findCycles(["a", "b", "c", "d"], [e("b", "c"), e("c", "a"), e("a", "b"), e("a", "c"), e("c", "b"), e("d", "d")]);
    expect(cycles.map(cyclePath)).toEqual(["a -> c -> a", "d -> d"]);
  });

  it("ignores edges to unknown nodes and copes with odd names", () => {
    expect(findCycles(["", "NaN", "constructor"], [e("", "NaN"), e("NaN", ""), e("constructor", "zzz")]).map(cyclePath)).toEqual([" -> NaN -> "]);
  });
});
