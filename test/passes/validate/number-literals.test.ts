import { describe, expect, it } from "vitest";
import { numberLiterals } from "../../../src/passes/validate/rules/number-literals.js";
import { component, E, pipeline, program, step, T } from "./ir-fixtures.js";
import { expectDiagnostics } from "./support.js";

describe("number-literals", () => {
  it("accepts Ints up to 2^53 - 1 either way, and large integral values where a Float is expected", () => {
    expectDiagnostics(
      `pipeline p {
  param a: Int = 9007199254740991
  param b: Int = -9007199254740991
  param f: Float = 100000000000000000000000
  param fs: List<Float> = [1e300, 2]
  train(data: prep.train, epochs: 9007199254740991, lr: 1e200)
  prep = prepare(source: "s3://a")
  if fit.accuracy > 100000000000000000000000 {
    notify(message: "x")
  }
  fit = train(data: prep.train)
}
`,
      [],
    );
  });

  it("reports Int literals from 2^53 on, and outside the 64-bit range: defaults, arguments, loop items, conditions", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  param a: Int = 9007199254740992
  param b: Int = -9223372036854775809
  param xs: List<Int> = [1, 9223372036854775808]
  train(data: prep.train, epochs: 100000000000000000000000)
  prep = prepare(source: "s3://a")
  for s in [1, 9007199254740993] {
    notify(message: "x")
  }
  if a == 18014398509481984 {
    notify(message: "y")
  }
}
`,
      [
        ["MLP2061", "9007199254740992"],
        ["MLP2061", "-9223372036854775809"],
        ["MLP2061", "9223372036854775808"],
        ["MLP2061", "100000000000000000000000"],
        ["MLP2061", "9007199254740993"],
        ["MLP2061", "18014398509481984"],
      ],
    );
    const precision = "is beyond 2^53, where numbers lose precision, so targets would read back a different value";
    const range = "is outside the 64-bit range of an Int";
    expect(ds.map((d) => d.message.match(/^This Int literal (.*?);/)?.[1])).toEqual([precision, range, range, range, precision, precision]);
  });

  it("reports numbers that are not finite (a builder can pass NaN or Infinity)", () => {
    const p = program({
      components: [component("c", { inputs: [{ kind: "input", name: "f", type: T.float, optional: false, default: E.num(Number.NaN), loc: E.str("").loc }] })],
      pipelines: [pipeline("p", [step("s", "c", { f: E.num(Number.POSITIVE_INFINITY) }), step("t", "c", { f: E.list(E.num(Number.NEGATIVE_INFINITY)) })])],
    });
    expect(numberLiterals.check(p).map((d) => [d.code, d.message.match(/^The number (\S+)/)?.[1]])).toEqual([
      ["MLP2062", "NaN"],
      ["MLP2062", "Infinity"],
      ["MLP2062", "-Infinity"],
    ]);
  });
});
