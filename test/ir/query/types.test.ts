import { describe, expect, it } from "vitest";
import { FLOAT, INT, NULL, STATUS, STRING, UNKNOWN, commonType, isAssignable, listOf, typeName } from "../../../src/ir/query/types.js";
import type { Type } from "../../../src/ir/types.js";

const art = (name: "Artifact" | "Dataset" | "Model"): Type => ({ kind: "artifact", name });

describe("isAssignable", () => {
  it.each([
    [FLOAT, INT, true],
    [INT, FLOAT, false],
    [STRING, INT, false],
    [art("Artifact"), art("Model"), true],
    [art("Dataset"), art("Model"), false],
    [art("Dataset"), art("Artifact"), false],
    [art("Dataset"), STRING, false],
    [STRING, art("Dataset"), false],
    [listOf(), listOf(INT), true],
    [listOf(FLOAT), listOf(INT), true],
    [listOf(INT), listOf(STRING), false],
    [listOf(INT), listOf(), true],
    [STATUS, STATUS, true],
    [STRING, STATUS, false],
    [INT, UNKNOWN, true],
    [INT, NULL, false],
  ])("%j accepts %j: %s", (expected, given, ok) => {
    expect(isAssignable(expected, given)).toBe(ok);
  });
});

describe("typeName and commonType", () => {
  it("prints types as written in source", () => {
    expect([typeName(listOf(listOf(INT))), typeName(art("Model")), typeName(STATUS), typeName(NULL)]).toEqual(["List<List<Int>>", "Model", "Status", "null"]);
  });

  it("widens Int and Float and gives up on unrelated types", () => {
    expect(commonType(INT, FLOAT)).toEqual(FLOAT);
    expect(commonType(FLOAT, INT)).toEqual(FLOAT);
    expect(commonType(INT, STRING)).toEqual(UNKNOWN);
  });
});
