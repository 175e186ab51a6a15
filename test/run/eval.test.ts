import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { branchWhen, whenExpression, type When } from "../../src/backends/argo/when.js";
import { branchCel, conditionCel, type Cel } from "../../src/backends/kfp/cel.js";
import type { Source } from "../../src/backends/kfp/sources.js";
import type { ValueScope } from "../../src/backends/argo/values.js";
import { checkFile } from "../../src/compiler.js";
import { memoryHost } from "../../src/frontend/host.js";
import { compare, condition, evaluate, valueText, type EvalEnv, type RunValue } from "../../src/ir/eval.js";
import { inferType } from "../../src/ir/query/infer.js";
import { pipelineScope } from "../../src/ir/query/scope.js";
import { subExpressions } from "../../src/ir/query/walk.js";
import type { Condition, Expr, Pipeline, Program, Type } from "../../src/ir/types.js";

/**
 * src/ir/eval.ts against the two translations the targets run: for every `if`/`elif`/`else` of the
 * parity cases, the condition of each branch is translated to KFP's CEL (`conditionCel`, `branchCel`)
 * and to Argo's `when` (`whenExpression`, `branchWhen`); both texts are evaluated as their engines
 * evaluate them — CEL over the typed parameter values KFP hands the driver, govaluate over the text
 * Argo substitutes into the expression — for every combination of sample values of what the
 * condition reads, and the branch each picks must be the branch the local evaluator picks.
 */

const CASES = fileURLToPath(new URL("../parity/cases", import.meta.url));

/** A reference a condition reads, by a key both translations can be traced back to. */
interface Ref {
  readonly key: string;
  readonly expr: Expr;
  readonly type: Type | undefined;
}

const SAMPLES: Record<string, readonly RunValue[]> = {
  Int: [-1, 0, 5, 6, 1001],
  Float: [-0.6, 0, 0.5, 0.9, 0.95],
  // No `'` in a string: Argo substitutes a run-time string into the quoted `when` text as it is, so a
  // quote in the value breaks the expression there (a limit of the target, not of the translation).
  String: ["", "go", "prod", "dev", "go on"],
  Bool: [true, false],
};

function refKey(e: Expr): string | undefined {
  if (e.kind === "param") return `param:${e.name}`;
  if (e.kind === "output") return `output:${e.step}.${e.output}`;
  if (e.kind === "loopItem" && e.field === undefined) return `item:${e.loop}`;
  return undefined;
}

function compileCase(file: string): Program {
  const text = readFileSync(join(CASES, file), "utf8");
  const checked = checkFile(file, memoryHost({ [file]: text }));
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return checked.program!;
}

/** Every `if` of a pipeline, with the path around it (for types of loop items). */
function conditionsOf(program: Program, pipeline: Pipeline) {
  const scope = pipelineScope(program, pipeline);
  return scope.nodes.filter((n): n is typeof n & { node: Condition } => n.node.kind === "condition").map((n) => ({ node: n.node, path: n.path, scope }));
}

// -------------------------------------------------------------------------------------------------
// CEL, as KFP's driver evaluates a trigger condition: values are the typed JSON of the task's inputs
// (numbers are doubles), `int(…)`/`double(…)` convert, comparisons need operands of one type.

function evalCel(text: string, values: ReadonlyMap<string, RunValue>): boolean {
  const tokens = lex(text, /\s*(inputs\.parameter_values\['[^']*'\]|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|int\(|double\(|==|!=|<=|>=|&&|\|\||[<>!()-]|true|false)/y);
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    const got = tokens[i++];
    if (t !== undefined && got !== t) throw new Error(`CEL ${text}: expected ${t}, got ${got}`);
    return got!;
  };
  const or = (): RunValue => {
    let v = and();
    while (peek() === "||") { take(); const r = and(); v = v === true || r === true; }
    return v;
  };
  const and = (): RunValue => {
    let v = cmp();
    while (peek() === "&&") { take(); const r = cmp(); v = v === true && r === true; }
    return v;
  };
  const cmp = (): RunValue => {
    const l = unary();
    const op = peek();
    if (op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
      take();
      const r = unary();
      if (typeof l !== typeof r) throw new Error(`CEL ${text}: no such overload ${typeof l} ${op} ${typeof r}`);
      if (typeof l === "boolean" && op !== "==" && op !== "!=") throw new Error("CEL: bool ordering");
      return compare(op, l, r);
    }
    return l;
  };
  const unary = (): RunValue => {
    const t = take();
    if (t === "!") return !(unary() === true);
    if (t === "-") return -Number(take());
    if (t === "(") { const v = or(); take(")"); return v; }
    if (t === "int(") { const v = or(); take(")"); return Math.trunc(Number(v)); }
    if (t === "double(") { const v = or(); take(")"); return Number(v); }
    if (t === "true" || t === "false") return t === "true";
    if (t.startsWith("'")) return t.slice(1, -1).replace(/\\x7b/g, "{").replace(/\\(.)/g, "$1");
    if (/^\d/.test(t)) return Number(t);
    const m = /^inputs\.parameter_values\['(.*)'\]$/.exec(t);
    if (m === null || !values.has(m[1])) throw new Error(`CEL ${text}: unknown ${t}`);
    return values.get(m[1])!;
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`CEL ${text}: trailing ${tokens[i]}`);
  return v === true;
}

// -------------------------------------------------------------------------------------------------
// govaluate, as Argo evaluates `when`: after every `{{…}}` tag is replaced by its value's text.

function evalGovaluate(text: string): boolean {
  const tokens = lex(text, /\s*('(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|==|!=|<=|>=|&&|\|\||[<>!()-]|true|false)/y);
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    const got = tokens[i++];
    if (t !== undefined && got !== t) throw new Error(`when ${text}: expected ${t}, got ${got}`);
    return got!;
  };
  const or = (): RunValue => {
    let v = and();
    while (peek() === "||") { take(); const r = and(); v = v === true || r === true; }
    return v;
  };
  const and = (): RunValue => {
    let v = cmp();
    while (peek() === "&&") { take(); const r = cmp(); v = v === true && r === true; }
    return v;
  };
  const cmp = (): RunValue => {
    const l = unary();
    const op = peek();
    if (op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
      take();
      const r = unary();
      if ((op === "==" || op === "!=") && typeof l !== typeof r) return op === "!=";
      if (typeof l !== typeof r) throw new Error(`when ${text}: cannot compare ${typeof l} ${op} ${typeof r}`);
      return compare(op, l, r);
    }
    return l;
  };
  const unary = (): RunValue => {
    const t = take();
    if (t === "!") return !(unary() === true);
    if (t === "-") return -Number(take());
    if (t === "(") { const v = or(); take(")"); return v; }
    if (t === "true" || t === "false") return t === "true";
    if (t.startsWith("'")) return t.slice(1, -1).replace(/\\(.)/g, "$1");
    if (/^\d/.test(t)) return Number(t);
    throw new Error(`when ${text}: unexpected ${t}`);
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`when ${text}: trailing ${tokens[i]}`);
  return v === true;
}

function lex(text: string, re: RegExp): string[] {
  const out: string[] = [];
  let pos = 0;
  while (!/^\s*$/.test(text.slice(pos))) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) throw new Error(`cannot read ${JSON.stringify(text)} at ${pos}`);
    out.push(m[1]);
    pos = re.lastIndex;
  }
  return out;
}

// -------------------------------------------------------------------------------------------------

function combinations(refs: readonly Ref[]): Map<string, RunValue>[] {
  let out: Map<string, RunValue>[] = [new Map()];
  for (const r of refs) {
    const samples = SAMPLES[r.type?.kind === "param" ? r.type.name : "String"] ?? SAMPLES.String;
    out = out.flatMap((m) => samples.map((s) => new Map(m).set(r.key, s)));
  }
  return out;
}

describe("eval.ts agrees with the CEL and `when` translations on the parity cases", () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith(".mlpipe") && f !== "after-branch.mlpipe").sort();
  let checkedConditions = 0;
  for (const file of files) {
    const program = compileCase(file);
    for (const pipeline of program.pipelines) {
      for (const { node, path, scope } of conditionsOf(program, pipeline)) {
        it(`${file}: ${pipeline.name}, the if at line ${node.loc.line}`, () => {
          const refs = new Map<string, Ref>();
          for (const b of node.branches) {
            for (const e of b.condition === undefined ? [] : subExpressions(b.condition)) {
              const key = refKey(e);
              if (key === undefined || refs.has(key)) continue;
              const t = inferType(e, scope, path);
              refs.set(key, { key, expr: e, type: t.kind === "param" ? t : undefined });
            }
          }
          // KFP: each reference is a task input `pipelinechannel--<key>`, holding its typed value.
          const channel = new Map<string, string>([...refs.keys()].map((k, n) => [k, `ref${n}`]));
          const sourceOf = (e: Expr): Source | undefined => {
            const key = refKey(e);
            return key === undefined ? undefined : ({ kind: "param", name: channel.get(key)! } as Source);
          };
          const typeOfSource = (s: Source): Type => {
            const key = [...channel].find(([, c]) => s.kind === "param" && c === s.name)![0];
            return refs.get(key)!.type ?? { kind: "param", name: "String" };
          };
          const cels: Cel[] = [];
          const celBranches = node.branches.map((b, index) => {
            const own = b.condition === undefined ? undefined : conditionCel(b.condition, sourceOf, typeOfSource, (s) => s);
            if (own !== undefined && !own.ok) throw new Error("CEL cannot express the condition");
            const text = branchCel(cels, index, own?.cel);
            if (own !== undefined) cels.push(own.cel);
            return text.text;
          });
          // Argo: each reference is a template tag, replaced by its value's text before govaluate reads it.
          const tag = (key: string) => `{{ref.${channel.get(key)}}}`;
          const scopeOf: ValueScope = {
            param: (name) => tag(`param:${name}`),
            output: (step, output) => tag(`output:${step}.${output}`),
            loopItem: (loop, field) => (field === undefined ? tag(`item:${loop}`) : undefined),
            collect: () => undefined,
            status: () => undefined,
            oneOf: () => undefined,
          };
          const typeOfExpr = (e: Expr): Type | undefined => (refKey(e) === undefined ? undefined : refs.get(refKey(e)!)?.type);
          const whens: When[] = [];
          const whenBranches = node.branches.map((b) => {
            const own = b.condition === undefined ? undefined : whenExpression(b.condition, scopeOf, new Set(), typeOfExpr);
            if (own !== undefined && !own.ok) throw new Error("Argo cannot express the condition");
            const text = branchWhen(whens, own?.when);
            if (own !== undefined) whens.push(own.when);
            return text.text;
          });

          for (const values of combinations([...refs.values()])) {
            const env: EvalEnv = {
              param: (name) => values.get(`param:${name}`)!,
              output: (step, output) => values.get(`output:${step}.${output}`)!,
              loopItem: (loop) => values.get(`item:${loop}`)!,
              collect: () => { throw new Error("no collect in a condition"); },
              oneOf: () => { throw new Error("no oneOf in a condition"); },
              status: () => { throw new Error("no status in a condition"); },
            };
            const local = node.branches.findIndex((b) => b.condition === undefined || condition(b.condition, env));
            const byChannel = new Map([...channel].map(([k, c]) => [`pipelinechannel--${c}`, values.get(k)!]));
            const kfp = celBranches.findIndex((t) => t === "" || evalCel(t, byChannel));
            const argo = whenBranches.findIndex((t) =>
              t === "" || evalGovaluate(t.replace(/\{\{ref\.(ref\d+)\}\}/g, (_, c: string) => valueText(values.get([...channel].find(([, x]) => x === c)![0])!))),
            );
            const shown = JSON.stringify(Object.fromEntries(values));
            expect({ kfp, values: shown }).toEqual({ kfp: local, values: shown });
            expect({ argo, values: shown }).toEqual({ argo: local, values: shown });
          }
          checkedConditions++;
        });
      }
    }
  }

  it("the cases hold conditions over parameters, outputs and loop items", () => {
    expect(checkedConditions).toBeGreaterThanOrEqual(6);
  });
});

describe("evaluate", () => {
  const env: EvalEnv = {
    param: (n) => ({ lr: 0.5, name: "x", flags: [1, 2], on: true })[n] as RunValue,
    output: () => 3,
    loopItem: () => ({ a: 1, b: "two" }),
    collect: () => [1, 2],
    oneOf: () => "picked",
    status: () => "Succeeded",
  };
  const loc = { file: "t", line: 1, col: 1, endLine: 1, endCol: 2 };
  it("renders interpolations as the targets pass values: plain numbers, JSON lists, true/false", () => {
    const e: Expr = {
      kind: "interpolation",
      parts: ["lr=", { kind: "param", name: "lr", loc }, " f=", { kind: "param", name: "flags", loc }, " on=", { kind: "param", name: "on", loc }, " b=", { kind: "loopItem", loop: "x", field: "b", loc }, " tiny=", { kind: "number", value: 1e-7, loc }],
      loc,
    };
    expect(evaluate(e, env)).toBe("lr=0.5 f=[1,2] on=true b=two tiny=0.0000001");
  });
  it("compares numbers as numbers and strings as strings", () => {
    expect(compare("<", 9, 10)).toBe(true);
    expect(compare("<", "9", "10")).toBe(false);
    expect(compare("==", [1, 2], [1, 2])).toBe(true);
    expect(compare("!=", true, false)).toBe(true);
  });
  it("a Bool on its own holds only when true", () => {
    expect(condition({ kind: "param", name: "on", loc }, env)).toBe(true);
    expect(condition({ kind: "param", name: "name", loc }, env)).toBe(false);
    expect(condition({ kind: "not", operand: { kind: "param", name: "on", loc }, loc }, env)).toBe(false);
  });
});
