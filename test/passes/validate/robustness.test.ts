import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Program } from "../../../src/ir/types.js";
import { specifiedRules, validate } from "../../../src/passes/validate/index.js";
import { richProgram } from "../../ir/fixtures.js";
import { checkSource } from "../../helpers.js";
import { LIB } from "./support.js";

/** A program with every construct the rules look at, from real source. */
function sourceProgram(): Program {
  const main = `import "lib.mlpipe"
pipeline p {
  param source: String = "s3://a"
  param shards: List<Int> = [1, 2]
  output best: Float = best.best
  schedule "0 3 * * *" timezone "UTC"
  data = import Dataset from source
  sub = train_eval(source: source)
  fit = train(data: data.artifact, lr: sub.accuracy) after sub { resources { cpu "1" .. "2" memory "1Gi" gpu 1 } retry 2 backoff "10s" }
  if fit.accuracy > 0.9 and fit.passed {
    ev = evaluate(model: fit.model, test: data.artifact)
  } else {
    notify(message: "low \${fit.accuracy}")
  }
  for s in shards parallel 2 {
    sc = score(model: fit.model, shard: s)
  }
  best = summarize(aucs: collect(sc.auc))
  serve m {
    model sklearn from fit.model
    replicas 1 .. 2
    canary 10%
  }
  finally {
    report(status: pipeline.status)
  }
}
tune t of sweep {
  objective minimize loss
  algorithm random
  search lr: Float in 0.001 .. 0.1
  trials 10 parallel 2 failures 1
}
`;
  const result = checkSource({ "main.mlpipe": main, "lib.mlpipe": LIB });
  expect(result.diagnostics).toEqual([]);
  return result.program!;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside `v`. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function mutate(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = mutate(root[head as number], rest, replacement);
    return copy;
  }
  if (root !== null && typeof root === "object") {
    const copy = { ...root };
    if (rest.length === 0 && replacement === undefined) delete copy[head as string];
    else copy[head as string] = mutate(root[head as string], rest, replacement);
    return copy;
  }
  return root;
}

const names = ["p", "fit", "sc", "s", "train", "sweep", "model", "auc", "", "pipeline", "_x", "A".repeat(70)];
const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...names),
  fc.string(),
  fc.constantFrom(0, -1, 0.5, 1e308, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constant([] as Json[]),
  fc.constant({} as Json),
  fc.constant(null),
);

describe("validation never throws", () => {
  const bases: Json[] = [richProgram() as unknown as Json, sourceProgram() as unknown as Json];

  it("on the base programs", () => {
    for (const b of bases) expect(() => validate(b as unknown as Program)).not.toThrow();
  });

  it("on programs with names, numbers and lists changed at random (including shapes the IR forbids)", () => {
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 }), (which, edits) => {
        let program = bases[which];
        for (const [n, value] of edits) {
          // Keep the program's top-level shape; anything inside may change.
          const all = paths(program).filter((p) => p.length >= 2);
          program = mutate(program, all[n % all.length], value);
        }
        for (const rule of specifiedRules) {
          try {
            rule.check(program as unknown as Program);
          } catch (e) {
            // Shapes the IR type forbids (a missing required list, a pipeline that is a number) may throw a
            // TypeError; names, numbers and strings the type allows must never make a rule throw.
            if (!(e instanceof TypeError) || !/undefined|null|not iterable|is not a function|weak map key|Cannot use 'in' operator/.test(String(e))) throw e;
          }
        }
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });

  it("on well-typed programs whose names and numbers change at random", () => {
    const leaves = (b: Json) => paths(b).filter((p) => p.length >= 2 && ["string", "number"].includes(typeof get(b, p)) && p[p.length - 1] !== "kind");
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...names), fc.string(), fc.double())), { minLength: 1, maxLength: 6 }), (which, edits) => {
        let program = bases[which];
        for (const [n, value] of edits) {
          const all = leaves(program);
          const path = all[n % all.length];
          const old = get(program, path);
          // Same JSON type as before, so the program stays a well-typed IR value.
          const v = typeof old === "string" ? String(value) : typeof value === "number" ? value : value.length;
          if (typeof old === "string" && ["ref", "op", "type", "operator", "effect"].includes(String(path[path.length - 1]))) continue;
          program = mutate(program, path, v);
        }
        for (const rule of specifiedRules) {
          expect(() => rule.check(program as unknown as Program)).not.toThrow();
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

function get(v: Json, path: (string | number)[]): Json {
  let cur: Json = v;
  for (const k of path) cur = (cur as Record<string | number, Json>)[k];
  return cur;
}
