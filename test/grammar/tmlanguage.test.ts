import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * Checks grammar/mlpipe.tmLanguage.json, the editor grammar: it parses, every pattern compiles as a
 * JavaScript RegExp and avoids Oniguruma-only syntax, it knows every keyword of grammar/mlpipe.ebnf, and
 * a small TextMate-style tokenizer (enough of the algorithm for single grammars: match, begin/end,
 * captures with patterns, includes) gives the expected scopes on typical lines.
 */

interface Capture {
  readonly name?: string;
  readonly patterns?: readonly Rule[];
}
interface Rule {
  readonly include?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly name?: string;
  readonly contentName?: string;
  readonly captures?: Readonly<Record<string, Capture>>;
  readonly beginCaptures?: Readonly<Record<string, Capture>>;
  readonly endCaptures?: Readonly<Record<string, Capture>>;
  readonly patterns?: readonly Rule[];
}
interface Grammar extends Rule {
  readonly scopeName: string;
  readonly fileTypes: readonly string[];
  readonly repository: Readonly<Record<string, Rule>>;
}

const root = new URL("../../grammar/", import.meta.url);
const grammarText = readFileSync(fileURLToPath(new URL("mlpipe.tmLanguage.json", root)), "utf8");
const ebnf = readFileSync(fileURLToPath(new URL("mlpipe.ebnf", root)), "utf8");

/** The keyword lists in the header comment of mlpipe.ebnf. */
function ebnfKeywords(kind: "RESERVED" | "CONTEXTUAL"): string[] {
  const m =
    kind === "RESERVED"
      ? /RESERVED words can never be names:\s*([\s\S]*?)\n\s*Every other keyword/.exec(ebnf)
      : /can be used\s+as a name anywhere else[^:]*:\s*([\s\S]*?)\*\)/.exec(ebnf);
  if (m === null) throw new Error(`cannot find the ${kind} keyword list in mlpipe.ebnf`);
  return m[1].split(/\s+/).filter((w) => /^[A-Za-z]+$/.test(w));
}

/** Every rule of the grammar, wherever it is nested. */
function allRules(g: Grammar): Rule[] {
  const out: Rule[] = [];
  const visit = (r: Rule): void => {
    out.push(r);
    r.patterns?.forEach(visit);
    for (const caps of [r.captures, r.beginCaptures, r.endCaptures]) {
      for (const c of Object.values(caps ?? {})) c.patterns?.forEach(visit);
    }
  };
  visit(g);
  Object.values(g.repository).forEach(visit);
  return out;
}

function regexSources(g: Grammar): { where: string; source: string }[] {
  return allRules(g).flatMap((r) =>
    (["match", "begin", "end"] as const).flatMap((k) => (r[k] === undefined ? [] : [{ where: `${k} ${r[k]}`, source: r[k]! }])),
  );
}

// ---------------------------------------------------------------------------------------------------
// A minimal TextMate tokenizer: scopes per character, lines tokenized one by one with a rule stack.

interface Frame {
  readonly rule: Rule;
  readonly scopes: readonly string[];
  readonly end: RegExp;
}

function compile(source: string): RegExp {
  return new RegExp(source, "dg");
}

class Tokenizer {
  private readonly regexCache = new Map<string, RegExp>();

  constructor(private readonly grammar: Grammar) {}

  private regex(source: string): RegExp {
    let re = this.regexCache.get(source);
    if (re === undefined) {
      re = compile(source);
      this.regexCache.set(source, re);
    }
    return re;
  }

  /** The rules with `match` or `begin` that a pattern list stands for, includes expanded. */
  private expand(patterns: readonly Rule[], seen = new Set<Rule>()): Rule[] {
    const out: Rule[] = [];
    for (const p of patterns) {
      if (p.include !== undefined) {
        const target = p.include === "$self" ? this.grammar : this.grammar.repository[p.include.slice(1)];
        if (target === undefined) throw new Error(`unresolved include ${p.include}`);
        if (seen.has(target)) continue;
        seen.add(target);
        if (target.match !== undefined || target.begin !== undefined) out.push(target);
        else out.push(...this.expand(target.patterns ?? [], seen));
      } else if (p.match !== undefined || p.begin !== undefined) out.push(p);
      else if (p.patterns !== undefined) out.push(...this.expand(p.patterns, seen));
    }
    return out;
  }

  /** Scopes of every character of every line, and the begin/end rules still open after the last line. */
  tokenizeFile(lines: readonly string[]): { scopes: string[][][]; open: readonly Rule[] } {
    const base = [this.grammar.scopeName];
    const stack: Frame[] = [];
    const scopes = lines.map((line) => this.tokenizeLine(line, base, stack));
    return { scopes, open: stack.map((f) => f.rule) };
  }

  tokenize(lines: readonly string[]): string[][][] {
    return this.tokenizeFile(lines).scopes;
  }

  private tokenizeLine(line: string, base: readonly string[], stack: Frame[]): string[][] {
    const scopes: string[][] = Array.from({ length: line.length }, () => []);
    let pos = 0;
    let guard = 0;
    for (;;) {
      if (++guard > 10_000) throw new Error(`tokenizer loops on: ${line}`);
      const frame = stack.at(-1);
      const current = frame?.scopes ?? base;
      const rules = this.expand(frame?.rule.patterns ?? this.grammar.patterns ?? []);
      let best: { rule?: Rule; m: RegExpExecArray } | undefined;
      if (frame !== undefined) {
        frame.end.lastIndex = pos;
        const m = frame.end.exec(line);
        if (m !== null) best = { m };
      }
      for (const rule of rules) {
        const re = this.regex((rule.match ?? rule.begin)!);
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m !== null && (best === undefined || m.index < best.m.index)) best = { rule, m };
      }
      if (best === undefined) {
        for (let i = pos; i < line.length; i++) scopes[i] = [...current];
        return scopes;
      }
      const { rule, m } = best;
      for (let i = pos; i < m.index; i++) scopes[i] = [...current];
      const matchEnd = m.index + m[0].length;
      if (rule === undefined) {
        // The end of the innermost begin/end rule: its scope without the content name.
        const outer = frame!.rule.contentName === undefined ? current : current.slice(0, -1);
        this.paint(scopes, m, outer, frame!.rule.endCaptures ?? frame!.rule.captures);
        stack.pop();
      } else if (rule.match !== undefined) {
        const s = rule.name === undefined ? current : [...current, rule.name];
        this.paint(scopes, m, s, rule.captures);
      } else {
        const s = rule.name === undefined ? current : [...current, rule.name];
        this.paint(scopes, m, s, rule.beginCaptures ?? rule.captures);
        const inner = rule.contentName === undefined ? s : [...s, rule.contentName];
        stack.push({ rule, scopes: inner, end: compile(rule.end!) });
      }
      if (matchEnd === pos && rule?.begin === undefined && rule !== undefined) pos += 1;
      else pos = matchEnd;
      if (pos > line.length) return scopes;
    }
  }

  private paint(scopes: string[][], m: RegExpExecArray, outer: readonly string[], captures?: Readonly<Record<string, Capture>>): void {
    const end = m.index + m[0].length;
    for (let i = m.index; i < end; i++) scopes[i] = [...outer];
    for (const [group, cap] of Object.entries(captures ?? {})) {
      const range = m.indices?.[Number(group)];
      if (range === undefined) continue;
      const [from, to] = range;
      for (let i = from; i < to; i++) if (cap.name !== undefined) scopes[i].push(cap.name);
      if (cap.patterns !== undefined) {
        const sub = new Tokenizer({ ...this.grammar, patterns: cap.patterns }).tokenizeLine(m.input.slice(from, to), [], []);
        sub.forEach((s, k) => scopes[from + k].push(...s));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------

describe("mlpipe.tmLanguage.json", () => {
  const grammar = JSON.parse(grammarText) as Grammar;
  const tokenizer = new Tokenizer(grammar);

  /** The scopes of the first character of `needle` (its `nth` occurrence) in `lines`. */
  function scopesOf(source: string | readonly string[], needle: string, nth = 0): string[] {
    const lines = typeof source === "string" ? [source] : source;
    const tokens = tokenizer.tokenize(lines);
    let seen = 0;
    for (let l = 0; l < lines.length; l++) {
      for (let at = lines[l].indexOf(needle); at >= 0; at = lines[l].indexOf(needle, at + 1)) {
        if (seen++ === nth) return tokens[l][at];
      }
    }
    throw new Error(`'${needle}' not found`);
  }

  it("is JSON with the mlpipe scope and file type", () => {
    expect(grammar.scopeName).toBe("source.mlpipe");
    expect(grammar.fileTypes).toEqual(["mlpipe"]);
    expect(grammar.patterns?.length).toBeGreaterThan(0);
  });

  it("compiles every pattern as a JavaScript RegExp", () => {
    const bad: string[] = [];
    for (const { where, source } of regexSources(grammar)) {
      try {
        compile(source);
      } catch (e) {
        bad.push(`${where}: ${(e as Error).message}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("uses no Oniguruma-only syntax that JavaScript would read differently", () => {
    // Inline flags, atomic groups, possessive quantifiers, \G \A \Z \z \h \H, named backreferences \k<…>
    // written the Oniguruma way, and POSIX bracket classes.
    const oniguruma = /\(\?[imx-]+[):]|\(\?>|[*+?}]\+|\\[GAZzhH]|\\g<|\[:\w+:\]/;
    const bad = regexSources(grammar).filter(({ source }) => oniguruma.test(source));
    expect(bad).toEqual([]);
  });

  it("resolves every include", () => {
    const missing = allRules(grammar)
      .filter((r) => r.include !== undefined && r.include !== "$self")
      .filter((r) => grammar.repository[r.include!.slice(1)] === undefined)
      .map((r) => r.include);
    expect(missing).toEqual([]);
  });

  describe("keywords of mlpipe.ebnf", () => {
    const reserved = ebnfKeywords("RESERVED");
    const contextual = ebnfKeywords("CONTEXTUAL");
    const keywordRules = grammar.repository["reserved-keywords"]?.patterns ?? [];
    const matchesWord = (word: string): boolean =>
      keywordRules.some((r) => {
        const m = new RegExp(r.match!).exec(word);
        return m !== null && m[0] === word;
      });

    it("finds the keyword lists", () => {
      expect(reserved).toContain("import");
      expect(reserved.length).toBeGreaterThanOrEqual(17);
      expect(contextual).toContain("transformer");
    });

    it.each(reserved)("the keyword pattern matches the reserved word '%s'", (word) => {
      expect(matchesWord(word)).toBe(true);
    });

    it("the keyword pattern matches no contextual keyword and no longer name", () => {
      expect(contextual.filter(matchesWord)).toEqual([]);
      const longer = reserved.flatMap((w) => [`${w}s`, `${w}_x`, `x${w}`, `${w}1`]);
      expect(
        longer.filter((w) => keywordRules.some((r) => new RegExp(r.match!).test(w))),
        "reserved words inside longer names",
      ).toEqual([]);
    });

    it("every contextual keyword the grammar uses is highlighted somewhere", () => {
      const used = contextual.filter((w) => ebnf.includes(`"${w}"`));
      const sources = regexSources(grammar).map((s) => s.source);
      const alternative = (w: string): RegExp => new RegExp(`(?:^|[(|:])${w}(?=[|)])`);
      expect(used.filter((w) => !sources.some((s) => alternative(w).test(s)))).toEqual([]);
    });

    it.each(reserved.filter((w) => !["true", "false", "null"].includes(w)))("'%s' is a keyword in an expression", (word) => {
      const scopes = scopesOf(`x = y(a: ${word})`, word);
      expect(scopes.some((s) => s.startsWith("keyword.") || s.startsWith("storage.type"))).toBe(true);
    });
  });

  describe("scopes", () => {
    it("comments", () => {
      expect(scopesOf("input x: Int  # the count", "# the")).toContain("comment.line.number-sign.mlpipe");
      expect(scopesOf('run ["#not-a-comment"]', "#not")).not.toContain("comment.line.number-sign.mlpipe");
    });

    it("double-quoted strings with escapes and interpolation", () => {
      const line = 'args ["--lr=${lr}", "a\\tb", "bad\\q", "${model.path}"]';
      expect(scopesOf(line, "--lr")).toContain("string.quoted.double.mlpipe");
      expect(scopesOf(line, "${")).toContain("punctuation.section.interpolation.begin.mlpipe");
      expect(scopesOf(line, "lr}")).toContain("variable.other.mlpipe");
      expect(scopesOf(line, "\\t")).toContain("constant.character.escape.mlpipe");
      expect(scopesOf(line, "\\q")).toContain("invalid.illegal.unknown-escape.mlpipe");
      expect(scopesOf(line, "path}")).toContain("variable.other.mlpipe");
      expect(scopesOf(line, "]")).not.toContain("string.quoted.double.mlpipe");
    });

    it("an unterminated string ends with its line", () => {
      expect(scopesOf(['image "oops', "input x: Int"], "Int")).toContain("support.type.builtin.mlpipe");
    });

    it("triple-quoted strings span lines", () => {
      const lines = ['run ["sh", "-c", """', "  echo ${message} \\$HOME", '  "quoted" and # not a comment', '"""]', "timeout 3"];
      expect(scopesOf(lines, "echo")).toContain("string.quoted.triple.mlpipe");
      expect(scopesOf(lines, "message")).toContain("variable.other.mlpipe");
      expect(scopesOf(lines, "\\$")).toContain("constant.character.escape.mlpipe");
      expect(scopesOf(lines, "# not")).toContain("string.quoted.triple.mlpipe");
      expect(scopesOf(lines, "]")).not.toContain("string.quoted.triple.mlpipe");
      expect(scopesOf(lines, "timeout")).toContain("keyword.other.setting.mlpipe");
    });

    it("numbers, ranges and percentages", () => {
      expect(scopesOf("search lr: Float in 0.0001 .. 1e-1 log", "0.0001")).toContain("constant.numeric.mlpipe");
      expect(scopesOf("search lr: Float in 0.0001 .. 1e-1 log", "..")).toContain("keyword.operator.range.mlpipe");
      expect(scopesOf("search lr: Float in 0.0001 .. 1e-1 log", "1e-1")).toContain("constant.numeric.mlpipe");
      expect(scopesOf("replicas 1..5", "5")).toContain("constant.numeric.mlpipe");
      expect(scopesOf("canary 10%", "%")).toContain("keyword.operator.percent.mlpipe");
    });

    it("declaration names", () => {
      expect(scopesOf("component prepare {", "prepare")).toContain("entity.name.type.component.mlpipe");
      expect(scopesOf("component prepare {", "component")).toContain("storage.type.component.mlpipe");
      expect(scopesOf("pipeline fraud_detection {", "fraud")).toContain("entity.name.function.pipeline.mlpipe");
      expect(scopesOf("serve fraud_model {", "fraud")).toContain("entity.name.function.serve.mlpipe");
      const tune = "tune fraud_hpo of train {";
      expect(scopesOf(tune, "fraud")).toContain("entity.name.function.tune.mlpipe");
      expect(scopesOf(tune, "of")).toContain("keyword.other.of.mlpipe");
      expect(scopesOf(tune, "train")).toContain("entity.name.type.mlpipe");
    });

    it("types after input, output, param and search", () => {
      expect(scopesOf("  input lr: Float = 0.001", "Float")).toContain("support.type.builtin.mlpipe");
      expect(scopesOf("  input lr: Float = 0.001", "lr")).toContain("variable.parameter.mlpipe");
      expect(scopesOf("  input lr: Float = 0.001", "input")).toContain("keyword.other.declaration.mlpipe");
      expect(scopesOf("  input tags: List<String>?", "String")).toContain("support.type.builtin.mlpipe");
      expect(scopesOf("  input tags: List<String>?", "<")).toContain("punctuation.definition.typeparameters.mlpipe");
      expect(scopesOf("  input tags: List<String>?", "?")).toContain("keyword.operator.optional.mlpipe");
      expect(scopesOf("  output report: MyReport", "MyReport")).toContain("entity.name.type.mlpipe");
      expect(scopesOf("  param when: Status", "Status")).toContain("support.type.builtin.mlpipe");
      expect(scopesOf("  output best: Model = fit.model", "model")).toContain("variable.other.property.mlpipe");
      expect(scopesOf("  search opt: String in [\"adam\", \"sgd\"]", "String")).toContain("support.type.builtin.mlpipe");
      expect(scopesOf("  search lr: Float in 0.001 .. 0.1 step 0.01 log", "step")).toContain("keyword.other.mlpipe");
      expect(scopesOf("  search lr: Float in 0.001 .. 0.1 log", "log")).toContain("support.constant.distribution.mlpipe");
      expect(scopesOf("  x = import Dataset from \"s3://d\"", "Dataset")).toContain("support.type.builtin.mlpipe");
    });

    it("settings keywords where an item starts, names elsewhere", () => {
      expect(scopesOf('  image "ghcr.io/acme/prep:1"', "image")).toContain("keyword.other.setting.mlpipe");
      expect(scopesOf("  sideEffects", "sideEffects")).toContain("keyword.other.setting.mlpipe");
      expect(scopesOf("  fit = train(data: d) { always }", "always")).toContain("keyword.other.setting.mlpipe");
      expect(scopesOf("  image = build(model: m)", "image")).toContain("variable.other.step.mlpipe");
      expect(scopesOf("  image = build(model: m)", "image")).not.toContain("keyword.other.setting.mlpipe");
      expect(scopesOf("  image = build(model: m)", "model")).toContain("variable.parameter.mlpipe");
      expect(scopesOf("  labels { image: \"x\" }", "image")).toContain("support.type.property-name.mlpipe");
      expect(scopesOf("  run [\"python\", model.path]", "model")).not.toContain("keyword.other.setting.mlpipe");
      expect(scopesOf("  run [\"python\", model.path]", "path")).toContain("variable.other.property.mlpipe");
    });

    it("secondary keywords of a setting", () => {
      expect(scopesOf('  retry 2 backoff "30s" factor 2 max "10m"', "backoff")).toContain("keyword.other.mlpipe");
      expect(scopesOf('  retry 2 backoff "30s" factor 2 max "10m"', "max")).toContain("keyword.other.mlpipe");
      expect(scopesOf("  trials 30 parallel 3 failures 5", "failures")).toContain("keyword.other.mlpipe");
      expect(scopesOf('  schedule "0 3 * * *" timezone "UTC" concurrency Forbid', "concurrency")).toContain("keyword.other.mlpipe");
      expect(scopesOf("  objective maximize accuracy goal 0.95", "maximize")).toContain("keyword.other.mlpipe");
      expect(scopesOf("  objective maximize accuracy goal 0.95", "goal")).toContain("keyword.other.mlpipe");
      expect(scopesOf("  cache off", "off")).toContain("constant.language.switch.mlpipe");
      expect(scopesOf('  cache on maxAge "24h"', "maxAge")).toContain("keyword.other.mlpipe");
      expect(scopesOf('  cache on maxAge "24h"', "on")).toContain("constant.language.switch.mlpipe");
      expect(scopesOf("  algorithm bayesianoptimization { n: 1 }", "bayes")).toContain("support.constant.mlpipe");
      expect(scopesOf("  collector file \"/m.log\"", "file")).toContain("support.constant.mlpipe");
      expect(scopesOf("  mode raw", "raw")).toContain("support.constant.mlpipe");
      const model = '  model sklearn from "s3://acme/models" version "3"';
      expect(scopesOf(model, "model")).toContain("keyword.other.setting.mlpipe");
      expect(scopesOf(model, "sklearn")).toContain("support.constant.model-format.mlpipe");
      expect(scopesOf(model, "from")).toContain("keyword.other.mlpipe");
      expect(scopesOf(model, "version")).toContain("keyword.other.mlpipe");
      expect(scopesOf('  model = train(data: d)', "model")).toContain("variable.other.step.mlpipe");
    });

    it("resources", () => {
      const line = '  resources { gpu 1 "nvidia-a100"  memory "32Gi" cpu 2 .. 4 }';
      expect(scopesOf(line, "resources")).toContain("keyword.other.setting.mlpipe");
      expect(scopesOf(line, "gpu")).toContain("keyword.other.resource.mlpipe");
      expect(scopesOf(line, "memory")).toContain("keyword.other.resource.mlpipe");
      expect(scopesOf(line, "cpu")).toContain("keyword.other.resource.mlpipe");
      expect(scopesOf('  resources { gpu 1 "nvidia-a100-80gb" mig "1g.10gb" }', "mig")).toContain("keyword.other.resource.mlpipe");
      expect(scopesOf(["  resources {", "    cpu 2", "  }", "  cpu = f()"], "cpu", 1)).toContain("variable.other.step.mlpipe");
    });

    it("statements: steps, calls, conditions, loops, after, finally", () => {
      expect(scopesOf("  fit = train(data: prep.train, lr: lr)", "fit")).toContain("variable.other.step.mlpipe");
      expect(scopesOf("  fit = train(data: prep.train, lr: lr)", "train")).toContain("entity.name.function.call.mlpipe");
      expect(scopesOf("  fit = train(data: prep.train, lr: lr)", "data")).toContain("variable.parameter.mlpipe");
      expect(scopesOf("  fit = train(data: prep.train, lr: lr)", "train", 1)).toContain("variable.other.property.mlpipe");
      const cond = "  if fit.accuracy >= 0.9 and not done {";
      expect(scopesOf(cond, "if")).toContain("keyword.control.conditional.mlpipe");
      expect(scopesOf(cond, ">=")).toContain("keyword.operator.comparison.mlpipe");
      expect(scopesOf(cond, "and")).toContain("keyword.operator.logical.mlpipe");
      expect(scopesOf("  } elif x == 1 {", "elif")).toContain("keyword.control.conditional.mlpipe");
      const loop = "  for shard in [1, 2, 3] parallel 2 {";
      expect(scopesOf(loop, "for")).toContain("keyword.control.loop.mlpipe");
      expect(scopesOf(loop, "shard")).toContain("variable.other.loop.mlpipe");
      expect(scopesOf(loop, "parallel")).toContain("keyword.control.loop.mlpipe");
      expect(scopesOf('  notify(message: "x") after fit, prep', "after")).toContain("keyword.other.after.mlpipe");
      expect(scopesOf("  finally {", "finally")).toContain("keyword.control.finally.mlpipe");
      expect(scopesOf("    notify(status: pipeline.status)", "pipeline")).toContain("variable.language.pipeline.mlpipe");
      expect(scopesOf("    notify(status: pipeline.status)", "status", 1)).toContain("variable.language.status.mlpipe");
      expect(scopesOf("  format = formatter(x: true)", "format")).not.toContain("keyword.control.loop.mlpipe");
      expect(scopesOf("  format = formatter(x: true)", "true")).toContain("constant.language.boolean.mlpipe");
    });

    it("builtins in call position only", () => {
      const env = '  env { TOKEN: secret("ml-secrets", "token"), REGION: configmap("cfg", "region") }';
      expect(scopesOf(env, "secret")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf(env, "configmap")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf(env, "TOKEN")).toContain("support.type.property-name.mlpipe");
      expect(scopesOf('  volumes { "/data": pvc("data"), "/tmp": emptyDir() }', "pvc")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf('  volumes { "/data": pvc("data"), "/tmp": emptyDir() }', "emptyDir")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf("  report(scores: collect(score.auc))", "collect")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf("  evaluate(model: oneOf(a.model, b.model))", "oneOf")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf('  env { POD: fieldPath("metadata.name"), C: configMap("cfg", "k") }', "fieldPath")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf('  env { POD: fieldPath("metadata.name"), C: configMap("cfg", "k") }', "configMap")).toContain("support.function.builtin.mlpipe");
      expect(scopesOf("  secret = fetch(x: 1)", "secret")).not.toContain("support.function.builtin.mlpipe");
    });

    it("every example tokenizes with no rule left open and its types highlighted", () => {
      const dir = fileURLToPath(new URL("../../examples/", import.meta.url));
      const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".mlpipe"));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const lines = readFileSync(`${dir}/${file}`, "utf8").split(/\r?\n/);
        const { scopes, open } = tokenizer.tokenizeFile(lines);
        expect(open.map((r) => r.begin), file).toEqual([]);
        lines.forEach((line, i) => {
          const m = /^\s*(?:input|output|param)\s+\w+\s*:\s*(\w+)/.exec(line);
          if (m === null) return;
          const at = line.indexOf(m[1], line.indexOf(":"));
          expect(scopes[i][at], `${file}:${i + 1}`).toEqual(expect.arrayContaining([expect.stringMatching(/^(support|entity\.name)\.type\./)]));
        });
      }
    });

    it("imports", () => {
      expect(scopesOf('import "components/common.mlpipe"', "import")).toContain("keyword.control.import.mlpipe");
      expect(scopesOf('import { prepare, train } from "lib.mlpipe"', "from")).toContain("keyword.control.import.mlpipe");
    });
  });
});
