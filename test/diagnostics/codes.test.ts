import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitArgo } from "../../src/backends/argo/index.js";
import { emitKatib } from "../../src/backends/katib/index.js";
import { emitKfp } from "../../src/backends/kfp/index.js";
import { emitKserve } from "../../src/backends/kserve/index.js";
import { emitRbac } from "../../src/backends/rbac/index.js";
import { fileHost } from "../../src/cli/fs-host.js";
import { catalogEntries, fillTemplate, M, RETIRED, ruleDescriptors, templatePlaceholders } from "../../src/diagnostics/catalog.js";
import { hasErrors, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { PHASE_CODES, phaseCodes, SHARED_CODES, type Phase } from "../../src/diagnostics/phases.js";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { loadDsl } from "../../src/frontend/dsl/load.js";
import { memoryHost, type SourceHost } from "../../src/frontend/host.js";
import { checkTargets } from "../../src/passes/targets/index.js";
import { specifiedRules } from "../../src/passes/validate/rules.js";
import { LINT_RULES } from "../../src/passes/lint/index.js";
import { resolve } from "../../src/passes/resolve/index.js";
import type { Program } from "../../src/ir/types.js";
import { parse } from "../../src/syntax/parse.js";
import { deepNesting, literalMutant, longLines, mutatedBytes, mutatedSource, tokenSoup, type FuzzInput } from "../fuzz/arbitraries.js";
import { exampleFiles } from "../helpers.js";

/*
 * The catalog is data, and every code has one declarer: a validation rule (`codes` in its file) or a
 * phase (`PHASE_CODES`). Statically, every code is declared exactly once (or by exactly the declarers
 * `SHARED_CODES` names) and every declared code exists. Dynamically, each phase and each rule is run
 * on its own over the error cases, the examples and fuzz inputs, and may raise only what it declares.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const entries = catalogEntries();
const live = new Set(entries.map((e) => e.code));
const retired = new Set(RETIRED.map((r) => r.code));

/** Declarer name → the codes it declares: the phases, then the rules by id. */
const declarers = new Map<string, readonly string[]>([
  ...Object.entries(PHASE_CODES),
  ...specifiedRules.map((r) => [r.id, r.codes] as const),
  // Each lint rule declares its one code.
  ...LINT_RULES.map((r) => [r.id, [r.code]] as const),
]);

describe("the catalog as data", () => {
  it("has a description and a template whose placeholders are its parameters, for every code", () => {
    for (const e of entries) {
      expect(e.description, e.code).toMatch(/^\S.*[.]$/);
      expect(e.description, e.code).not.toMatch(/\n/);
      const placeholders = templatePlaceholders(e.template);
      expect(e.params.filter((p) => !placeholders.includes(p)), e.code).toEqual([]);
      // `{name}` that is not a parameter is literal text: only MLP4104's example "s3://bucket/${key}".
      expect(placeholders.filter((p) => !e.params.includes(p)), e.code).toEqual(e.code === "MLP4104" ? ["key"] : []);
    }
  });

  it("fills a template in one pass: an argument that looks like a placeholder stays text", () => {
    expect(M.unknownReference.format("{hint}", "")).toBe("Unknown name '{hint}'; it is not a parameter, loop variable or step in scope.");
    expect(M.incomparable.format("<", "Int", "String")).toBe("Cannot compare Int with String using '<'.");
    expect(M.fileTooLarge.format(10, 5)).toBe("The file has 10 bytes; mlpc reads at most 5.");
    // Braces that are not a placeholder name are literal text.
    expect(M.invalidInterpolation.format("a b")).toBe("Invalid interpolation '${a b}'; write a name or a dotted reference such as ${model.path}.");
    expect(fillTemplate("{a}{b}{ c }{{a}}", ["a", "b"], ["$&", "{a}"])).toBe("$&{a}{ c }{$&}");
  });

  it("never reuses a retired code, and lists each code once", () => {
    expect([...retired].filter((c) => live.has(c))).toEqual([]);
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    expect(new Set(RETIRED.map((r) => r.code)).size).toBe(RETIRED.length);
    for (const c of [...live, ...retired]) expect(c).toMatch(/^MLP[1-9]\d{3}$/);
  });

  it("gives SARIF rule entries for every live code", () => {
    const rules = ruleDescriptors();
    expect(rules.map((r) => r.id)).toEqual(entries.map((e) => e.code));
    expect(rules.find((r) => r.id === "MLP2003")).toEqual({
      id: "MLP2003",
      shortDescription: "A reference names an output the step does not have.",
      defaultSeverity: "error",
    });
  });
});

describe("declared codes", () => {
  it("are codes of the catalog", () => {
    for (const [name, codes] of declarers) {
      expect(codes.filter((c) => !live.has(c)), name).toEqual([]);
    }
  });

  it("declare every live code exactly once, or by exactly the declarers SHARED_CODES names", () => {
    const by = new Map<string, string[]>();
    for (const [name, codes] of declarers) for (const c of codes) by.set(c, [...(by.get(c) ?? []), name]);
    for (const code of live) {
      const names = (by.get(code) ?? []).sort();
      const shared = SHARED_CODES[code];
      if (shared === undefined) expect(names, code).toHaveLength(1);
      else expect(names, code).toEqual([...shared].sort());
    }
    for (const code of Object.keys(SHARED_CODES)) expect(live.has(code), code).toBe(true);
  });
});

/** What each declarer raised that it does not declare, as `declarer code message`. */
const undeclared: string[] = [];
const raised = new Set<string>();

function record(declarer: string, allowed: readonly string[], diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    raised.add(d.code);
    if (!allowed.includes(d.code)) undeclared.push(`${declarer} ${d.code} ${d.message}`);
  }
}

const phase = (p: Phase): readonly string[] => phaseCodes(p);

/** Runs each phase and rule on its own over the file `root` and everything it imports. */
function runPhases(root: string, host: SourceHost): void {
  const bytes = host.readFile(root);
  if (bytes instanceof Uint8Array) {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    record("syntax", phase("syntax"), parse(text, root).diagnostics);
  }
  const loaded = loadDsl(root, host);
  record("syntax+frontend", [...phase("syntax"), ...phase("frontend")], loaded.diagnostics);
  if (loaded.program === undefined || hasErrors(loaded.diagnostics)) return;
  runAfterFrontend(loaded.program);
}

/** Runs each rule on its own over a program a front end built, then, when they pass, the back ends. */
function runAfterFrontend(program: Program): void {
  let valid = true;
  for (const rule of specifiedRules) {
    const found = rule.check(program);
    record(rule.id, rule.codes, found);
    if (hasErrors(found)) valid = false;
  }
  if (!valid) return;
  const resolved = resolve(program);
  for (const rule of LINT_RULES) record(rule.id, [rule.code], rule.check(resolved));
  record("targets", phase("targets"), checkTargets(program));
  record("kfp", phase("kfp"), emitKfp(program).diagnostics);
  record("argo", phase("argo"), emitArgo(program).diagnostics);
  record("katib", phase("katib"), emitKatib(program).diagnostics);
  record("kserve", phase("kserve"), emitKserve(program).diagnostics);
  record("rbac", phase("rbac"), emitRbac(program).diagnostics);
}

describe("raised codes", () => {
  it("are declared by the phase or rule that raises them (error cases, examples, fuzz inputs, builder modules)", async () => {
    const cases = readdirSync(join(REPO, "test/cases"))
      .filter((n) => n.endsWith(".mlpipe") && !n.startsWith("_"))
      .sort();
    const host = fileHost(REPO);
    for (const name of cases) runPhases(`test/cases/${name}`, host);
    for (const path of exampleFiles(join(REPO, "examples"))) {
      runPhases(path, memoryHost({ [path]: readFileSync(join(REPO, path), "utf8") }));
    }
    const arbitraries = [tokenSoup, mutatedSource, literalMutant, mutatedBytes, deepNesting, longLines];
    for (const [i, arbitrary] of arbitraries.entries()) {
      for (const input of fc.sample(arbitrary, { seed: 20_261_205 + i, numRuns: 40 }) as FuzzInput[]) {
        runPhases(input.root, memoryHost(input.files));
      }
    }
    // The builder: the examples' TypeScript twins and the builder tests' fixtures (mistakes included).
    const modules = [
      ...readdirSync(join(REPO, "examples")).filter((n) => n.endsWith(".ts")).map((n) => join(REPO, "examples", n)),
      ...readdirSync(join(REPO, "test/builder/fixtures")).filter((n) => n.endsWith(".ts")).map((n) => join(REPO, "test/builder/fixtures", n)),
    ].sort();
    for (const path of modules) {
      const built = buildProgram((await import(pathToFileURL(path).href)) as Record<string, unknown>, REPO);
      record("frontend (builder)", phase("frontend"), built.diagnostics);
      if (built.program !== undefined && !hasErrors(built.diagnostics)) runAfterFrontend(built.program);
    }
    expect(undeclared).toEqual([]);
    // The inputs reach every phase: a sanity check that the run above is not vacuous.
    expect(raised.size).toBeGreaterThan(60);
  }, 120_000);
});
