import { M } from "../../../diagnostics/catalog.js";
import { walkNodes } from "../../../ir/query/walk.js";
import type { CommandItem, EnvVar, Expr, Loc } from "../../../ir/types.js";
import type { LintRule } from "../rule.js";

/** Values that are credentials by their shape, whatever they are called. */
const SHAPES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "An AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "A GitHub token", pattern: /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { what: "A Slack token", pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { what: "A private key", pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/ },
];

/** Names that say their value is secret (`password`, `db_passwd`, `API_KEY`, `githubToken`, `aws_secret_access_key`). */
const SECRET_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential)s?$/i;
/** An AWS secret access key's shape: 40 characters of base64. */
const AWS_SECRET = /^[A-Za-z0-9/+=]{40}$/;

/** What the value is, when it is a credential: by its shape, or by a secret-ish name with a literal value. */
export function credentialKind(name: string | undefined, value: string): string | undefined {
  for (const s of SHAPES) if (s.pattern.test(value)) return s.what;
  if (name === undefined || value.trim() === "") return undefined;
  if (/secret/i.test(name) && AWS_SECRET.test(value)) return "An AWS secret access key";
  return SECRET_NAME.test(name.replace(/[^A-Za-z0-9]+$/, "")) ? `The value of '${name}'` : undefined;
}

/** The value with everything but its first 4 characters (at most a quarter of it) replaced by `*`. */
export function mask(value: string): string {
  const keep = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, keep)}${"*".repeat(Math.min(8, Math.max(3, value.length - keep)))}`;
}

interface Literal { readonly name?: string; readonly value: string; readonly loc: Loc; readonly where: string }

/** The literal strings of an expression, with the name they are given. */
function literals(expr: Expr | undefined, name: string | undefined, where: string): Literal[] {
  if (expr === undefined) return [];
  if (expr.kind === "string") return [{ name, value: expr.value, loc: expr.loc, where }];
  // Text around `${…}` is a credential only by its shape: "Bearer ${token}" under `auth_token` is not one.
  if (expr.kind === "interpolation") return expr.parts.flatMap((p) => (typeof p === "string" ? [{ value: p, loc: expr.loc, where }] : []));
  if (expr.kind === "list") return expr.items.flatMap((i) => literals(i, name, where));
  if (expr.kind === "struct") return expr.fields.flatMap((f) => literals(f.value, f.name, where));
  return [];
}

function envLiterals(env: readonly EnvVar[] | undefined): Literal[] {
  return (env ?? []).flatMap((e) => (e.source.kind === "value" ? literals(e.source.value, e.name, `the environment variable '${e.name}'`) : []));
}

/** Command-line text; a `--password=…` flag names its own value, `["--token", "…"]` the next element. */
function commandLiterals(items: readonly CommandItem[], where: string): Literal[] {
  const out: Literal[] = [];
  let flag: string | undefined;
  const visit = (list: readonly CommandItem[]): void => {
    for (const item of list) {
      if (item.kind === "ifPresent") {
        visit(item.then);
        visit(item.otherwise);
        continue;
      }
      const text = item.parts.map((p) => (p.kind === "text" ? p.value : "")).join("");
      const eq = /^--?([A-Za-z0-9_-]+)=(.*)$/s.exec(text);
      if (eq !== null) out.push({ name: eq[1], value: eq[2]!, loc: item.loc, where });
      else if (item.parts.every((p) => p.kind === "text")) out.push({ name: flag, value: text, loc: item.loc, where });
      flag = /^--?[A-Za-z]/.test(text) && eq === null ? text.replace(/^-+/, "") : undefined;
    }
  };
  visit(items);
  return out;
}

/**
 * Credentials written as literals: env values, parameter and input defaults, step and tune arguments,
 * command lines. The message names the kind and where, and shows the value masked, never whole.
 */
export const literalCredential: LintRule = {
  id: "mlpc/literal-credential",
  code: M.lintLiteralCredential.code,
  defaultSeverity: "error",
  description: "Never write credentials as literals; read them with secret(…).",
  check: (resolved) => {
    const { program } = resolved;
    const found: Literal[] = [];
    for (const c of program.components) {
      found.push(...envLiterals(c.settings.env));
      for (const i of c.inputs) found.push(...literals(i.default, i.name, `the default of input '${i.name}'`));
      found.push(...commandLiterals([...c.command, ...c.args], `the command of '${c.name}'`));
    }
    for (const p of program.pipelines) {
      found.push(...envLiterals(p.settings.env));
      for (const param of p.params) found.push(...literals(param.default, param.name, `the default of parameter '${param.name}'`));
      for (const { node } of walkNodes(p)) {
        if (node.kind !== "step") continue;
        found.push(...envLiterals(node.settings.env));
        for (const a of node.arguments) found.push(...literals(a.value, a.name, `the argument '${a.name}' of step '${node.name}'`));
      }
    }
    for (const t of program.tunes) {
      found.push(...envLiterals(t.settings.env));
      for (const a of t.arguments) found.push(...literals(a.value, a.name, `the argument '${a.name}' of tune '${t.name}'`));
    }
    for (const s of program.serves) {
      found.push(...envLiterals(s.settings.env));
      if (s.transformer !== undefined) {
        found.push(...envLiterals(s.transformer.settings.env));
        found.push(...commandLiterals([...s.transformer.command, ...s.transformer.args], `the transformer of '${s.name}'`));
      }
    }
    return found.flatMap((l) => {
      const what = credentialKind(l.name, l.value);
      return what === undefined ? [] : [M.lintLiteralCredential.at(l.loc, what, l.where, mask(l.value))];
    });
  },
};
