import { numberText, type Cond, type Value } from "./neutral.js";

/**
 * A parser for the boolean expressions both targets write: KFP's CEL trigger conditions
 * (`int(inputs.parameter_values['pipelinechannel--m-n']) > 5 && !(…)`) and Argo's `when` expressions
 * (`{{tasks.m.outputs.parameters.n}} > 5 && !(…)`). Casts (`int(…)`, `double(…)`) are transparent;
 * a reference token is turned into a value by the reader's `ref` callback; literals become constants
 * (numbers in one spelling, so that KFP's `3.0` and Argo's `3` agree).
 */
export function parseCondition(text: string, ref: (token: string) => Value): Cond {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (expected?: string): string => {
    const t = tokens[i++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`condition ${JSON.stringify(text)}: expected ${expected ?? "a token"} at ${i - 1}, got ${t}`);
    return t;
  };
  const or = (): Cond => {
    const parts = [and()];
    while (peek() === "||") { take(); parts.push(and()); }
    return parts.length === 1 ? parts[0] : { or: parts.flatMap((p) => ("or" in p ? p.or : [p])) };
  };
  const and = (): Cond => {
    const parts = [not()];
    while (peek() === "&&") { take(); parts.push(not()); }
    return parts.length === 1 ? parts[0] : { and: parts.flatMap((p) => ("and" in p ? p.and : [p])) };
  };
  const not = (): Cond => {
    if (peek() === "!") { take(); return { not: not() }; }
    return comparison();
  };
  const comparison = (): Cond => {
    const left = operand();
    const op = peek();
    if (op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
      take();
      const right = operand();
      if ("cond" in left || "cond" in right) throw new Error(`condition ${text}: comparison of conditions`);
      return { cmp: op, left: left.value, right: right.value };
    }
    return "cond" in left ? left.cond : { value: left.value };
  };
  /** A value, or a parenthesised condition. */
  const operand = (): { value: Value } | { cond: Cond } => {
    const t = take();
    if (t === "(") {
      const inner = or();
      take(")");
      return { cond: inner };
    }
    if (t === "-") return { value: { const: numberText(`-${take()}`) } };
    if (/^[A-Za-z_][\w]*\($/.test(t)) {
      // A cast: `int(x)`, `double(x)`, `string(x)`.
      const inner = operand();
      take(")");
      return inner;
    }
    if (t.startsWith("'") || t.startsWith('"')) {
      const body = t.slice(1, -1).replace(/\\(.)/g, "$1");
      if (/^\{\{[^}]*\}\}$/.test(body)) return { value: ref(body) };
      return { value: { const: body } };
    }
    if (/^\d/.test(t)) return { value: { const: numberText(t) } };
    if (t === "true" || t === "false") return { value: { const: t } };
    return { value: ref(t) };
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`condition ${JSON.stringify(text)}: unexpected ${tokens[i]}`);
  return result;
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  const re =
    /\s*(\{\{[^}]*\}\}|inputs\.parameter_values\['[^']*'\]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_]\w*\(|[A-Za-z_][\w.]*|==|!=|<=|>=|&&|\|\||[<>!()-])/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) throw new Error(`condition ${JSON.stringify(text)}: cannot read at ${pos}`);
    out.push(m[1]);
    pos = re.lastIndex;
  }
  return out;
}
