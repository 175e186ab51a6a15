import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

function errors(text: string): string[] {
  return parse(text, "t.mlpipe").diagnostics.map((d) => `${d.loc?.line}:${d.loc?.col}-${d.loc?.endLine}:${d.loc?.endCol} ${d.code}`);
}

describe("parse", () => {
  it("accepts every construct of the grammar", () => {
    const src = `
      import "lib.mlpipe"
      import { a, b, } from "lib2.mlpipe"
      # a comment
      component c {
        description "d"
        image "x/y:1"
        input i: List<Int>? = [1, 2,]
        output o: Model
        run ["a", i, o.path, if i ["--i", i] else ["--no-i"],]
        args ["""
          multi
        """]
        sideEffects
        env { A: "1", "B": secret("s", "k") }
        resources { cpu 0.5 .. 2  memory "1Gi"  ephemeralStorage "1Gi"  gpu 2 "nvidia-tesla-t4" }
        volumes { "/d": pvc("c") }
        retry 3 backoff "10s" factor 2 max "1m"
        timeout "1h"
        cache off
        nodeSelector { pool: "gpu" }
        tolerations [{ key: "k", operator: "Exists" }]
        affinity [{ key: "k", operator: "In", values: ["a"] }]
        labels { team: "ml" }
        annotations { note: "x" }
        serviceAccount "sa"
        imagePullSecrets ["reg"]
      }
      pipeline p {
        description "p"
        param x: Int = -1
        output m: Model = s.o
        schedule "0 * * * *" timezone "UTC" concurrency Forbid
        cache on
        s = c(i: [x]) after t, u { always displayName "S" cache off }
        imp = import Model from "s3://m" { reimport metadata { a: 1 } }
        if x > 1 and not (x == 2) or x != 3 { c(i: []) } elif x <= 0 { c() } else { c() }
        for it in [{ a: 1 }] parallel 2 { c(i: collect(s.o)) }
        serve sv { model sklearn from s.o version "1" }
        finally { c(i: pipeline.status) }
      }
      tune t of c {
        objective maximize acc goal 0.9
        metrics [loss]
        strategy loss min
        algorithm random { seed: 1 }
        earlyStopping medianstop { min_trials_required: 3 }
        search lr: Float in 0.001 .. 0.1 step 0.001 log
        search opt: String in ["a", "b"]
        trials 10 parallel 2 failures 3
        with { i: [1] }
        resume never
        collector file "/m.txt"
        resources { cpu 1 }
      }
      serve s2 {
        model sklearn from "s3://x"
        runtime "rt"
        protocol "v2"
        replicas 1 .. 3
        scale concurrency 10
        canary 10 %
        mode raw
        transformer { image "t:1" args ["--x"] env { A: "1" } }
      }
    `;
    expect(errors(src)).toEqual([]);
  });

  it("lets contextual keywords be names", () => {
    expect(errors(`component model { image "i:1" input image: String input output: Model output input: Dataset run [image, output.path, input.path] }
      pipeline schedule { param env: String  model = model(image: env, output: env) }`)).toEqual([]);
  });

  it("rejects reserved words as names", () => {
    expect(errors(`component if { image "x" }`)).toEqual(["1:11-1:13 MLP1004"]);
  });

  it("reports unexpected characters with their span", () => {
    expect(errors(`component c { image "x" @@ }`)).toEqual(["1:25-1:27 MLP1001"]);
  });

  it("reports unterminated strings", () => {
    expect(errors(`component c {\n  image "abc\n}`)).toEqual(["2:9-2:13 MLP1002"]);
    expect(errors(`component c { image """abc }`)).toEqual(["1:21-1:29 MLP1002"]);
  });

  it("reports a number glued to a unit", () => {
    expect(errors(`component c { resources { memory 8Gi } }`)).toEqual(["1:34-1:37 MLP1009"]);
  });

  it("reports the end of file where something is missing", () => {
    expect(errors(`pipeline p {\n  c()\n`)).toEqual(["2:6-2:6 MLP1005"]);
  });

  it("keeps going after a stray token at top level", () => {
    expect(errors(`} component a { image "x" }\n) component b { foo }`)).toEqual(["1:1-1:2 MLP1004", "2:1-2:2 MLP1004", "2:17-2:20 MLP1004"]);
  });

  it("reports several errors in one file", () => {
    const e = errors(`pipeline p {\n  a = b(\n}\ncomponent c {\n  inputx: String\n}\n`);
    expect(e.length).toBeGreaterThanOrEqual(2);
    expect(e.every((x) => x.endsWith("MLP1004") || x.endsWith("MLP1005"))).toBe(true);
  });

  it("stops nesting deeper than the limit without recursing", () => {
    expect(errors("pipeline p { x = f(a: " + "[".repeat(10_000) + " }")).toEqual(["1:121-1:122 MLP1007"]);
    expect(errors("pipeline p { if " + "not ".repeat(10_000) + "true { } }")[0]).toMatch(/MLP1007$/);
  });

  it("reports NUL bytes as a binary file", () => {
    expect(errors("component\u0000c {}")).toEqual(["1:1-1:2 MLP1006"]);
  });

  it("handles an empty file and a file of comments", () => {
    expect(errors("")).toEqual([]);
    expect(errors("# nothing\n# here")).toEqual([]);
  });

  it("handles a 1 MB line", () => {
    const line = `component c { image "${"x".repeat(1_000_000)}" }`;
    expect(errors(line)).toEqual([]);
    expect(errors("x".repeat(1_000_000))).toEqual(["1:1-1:1000001 MLP1004"]);
  });
});

describe("numbers", () => {
  it("rejects a literal too large for a double", () => {
    expect(errors(`pipeline p { param x: Float = ${"9".repeat(309)} }`)).toEqual(["1:31-1:340 MLP1009"]);
    expect(errors(`pipeline p { param x: Float = 1e400 }`)).toEqual(["1:31-1:36 MLP1009"]);
  });
});

describe("exponents", () => {
  it("reads numbers with an exponent as one number", () => {
    expect(errors(`component c { image "x" input lr: Float = 2e-4 input n: Float = 1.5E3 input m: Float = 1e6 }`)).toEqual([]);
  });
  it("still rejects a number glued to letters after its exponent", () => {
    expect(errors(`pipeline p { param x: Float = 2e-4x }`)).toEqual(["1:31-1:36 MLP1009"]);
    expect(errors(`pipeline p { param x: Float = 1e }`)).toEqual(["1:31-1:33 MLP1009"]);
  });
});
