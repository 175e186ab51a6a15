import { posix } from "node:path";
import type { IToken } from "chevrotain";
import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Component, Loc, Node, Pipeline, Program, Serve, Tune } from "../../ir/types.js";
import type * as C from "../../syntax/cst.generated.js";
import type { LineMap } from "../../syntax/line-map.js";
import { parse, type DeclarationKind, type ParseResult } from "../../syntax/parse.js";
import { attachComments, type Trivia } from "../../syntax/trivia.js";
import type { SourceHost } from "../host.js";
import { LoadCache } from "./load-cache.js";
import { FileLowering, type DeclKind, type LoweredFile } from "./lower.js";
import { decodeString } from "./strings.js";

/** The largest source file mlpc reads. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface LoadResult {
  readonly program?: Program;
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
  /** Every file read and parsed, by path: its text, tree and comments, for `fmt`, suppressions and editors. */
  readonly modules: Map<string, LoadedModule>;
  /**
   * Set when every syntax and lowering error is confined to a declaration left out of `program` (with
   * everything that uses it): the program can still be validated. See `leaveOutBroken`.
   */
  readonly recovered?: RecoveredProgram;
}

/** A parsed file as the loader keeps it. */
export interface LoadedModule {
  readonly text: string;
  readonly lines: LineMap;
  /** The parser's `file` nodes as error recovery left them, broken declarations included. */
  readonly cst: readonly C.FileCstNode[];
  /** The comments, in source order. */
  readonly comments: readonly IToken[];
  /** Each comment attached to its nearest node (computed on first use). */
  readonly trivia: Trivia;
}

/** What was left out of a program because of syntax or lowering errors. */
export interface RecoveredProgram {
  /**
   * The source ranges of the declarations left out: those with a lowering error, and those that use a
   * broken one (a pipeline calling a broken component, a tune of such a pipeline). Validation
   * diagnostics inside them are not reported: they would be caused by the gap. (Declarations with a
   * syntax error are not lowered at all.)
   */
  readonly omitted: readonly Loc[];
}

/** Where a name a module can see comes from; `broken` when its declaration has a syntax error. */
interface ScopeEntry {
  readonly kind: DeclKind;
  readonly loc: Loc;
  readonly from: string;
  readonly broken?: boolean;
}

interface ImportDecl {
  readonly path: string;
  /** Names brought in; undefined for `import "file"` (everything the file declares). */
  readonly names?: readonly { name: string; loc: Loc }[];
  readonly loc: Loc;
}

/** What a file gives before lowering: the same for the same path and bytes (what `LoadCache` keeps). */
interface ParsedFile {
  readonly text?: string;
  /** Decoding and syntax diagnostics, and those of the import strings. */
  readonly diagnostics: readonly Diagnostic[];
  /** The file as `LoadResult.modules` shows it; absent when it is not text. */
  readonly loaded?: LoadedModule;
  /** Absent when nothing of the file can be used (not text, nesting too deep). */
  readonly module?: Omit<Module, "lowered" | "scope" | "unresolved">;
}

interface Module {
  readonly path: string;
  readonly lines: LineMap;
  /** The top-level nodes to lower: all of them, or those without a syntax error. */
  readonly files: readonly C.FileCstNode[];
  readonly imports: readonly ImportDecl[];
  /** Own top-level components and pipelines, first declaration wins. */
  readonly declared: ReadonlyMap<string, { kind: DeclKind; loc: Loc }>;
  /** Declarations with a syntax error (not lowered), first wins; empty without syntax errors. */
  readonly broken: ReadonlyMap<string, { kind: DeclarationKind; loc: Loc }>;
  /** The syntax errors leave some names of the file unknown (a broken import, a declaration without a name). */
  readonly incomplete: boolean;
  /** The syntax diagnostics of this file. */
  readonly syntaxErrors: readonly Diagnostic[];
  scope?: ReadonlyMap<string, ScopeEntry>;
  /** Some names the module uses may be declared where a syntax error hides them (its own or an import's). */
  unresolved?: boolean;
  lowered?: LoweredFile;
  /** Declarations whose lowering reported an error: left out of the program like those with a syntax error. */
  loweringBroken?: ReadonlyMap<string, { kind: DeclarationKind; loc: Loc }>;
}

/**
 * Reads a `.mlpipe` file and everything it imports, parses each once, lowers them to the IR and links
 * them into one program: the root file's declarations plus every component and pipeline they use.
 * With a `cache`, a file whose bytes did not change since the cache saw it is not parsed again.
 *
 * A syntax error does not stop the other declarations (see `leaveOutBroken`): a top-level declaration
 * the parser found an error in is not lowered, and what calls it is left out of the program too. A
 * lowering error (a bad duration, a setting twice) leaves its declaration out the same way.
 * Lexical errors count as syntax errors of their declaration. Files that are not text or nest too
 * deeply stop loading as before; import cycles and missing imports stop before validation as before.
 */
export function loadDsl(root: string, host: SourceHost, cache?: LoadCache): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const loaded = new Map<string, LoadedModule>();
  const modules = new Map<string, Module | null>();
  /** A file that stops loading: not text, or nesting too deep. */
  let fatal = false;

  const read = (path: string, importedAt: Loc | undefined): Module | null => {
    if (modules.has(path)) return modules.get(path)!;
    modules.set(path, null);
    const bytes = host.readFile(path);
    if (!(bytes instanceof Uint8Array)) {
      diagnostics.push(importedAt ? M.importNotFound.at(importedAt, path) : M.cannotRead.at(undefined, path, bytes.error));
      return null;
    }
    const file = cache === undefined || bytes.length > MAX_FILE_BYTES ? parseFile(path, bytes) : cache.get(path, LoadCache.hash(bytes), () => parseFile(path, bytes));
    diagnostics.push(...file.diagnostics);
    if (file.text !== undefined) sources.set(path, file.text);
    if (file.loaded !== undefined) loaded.set(path, file.loaded);
    if (file.module === undefined) {
      if (file.diagnostics.length > 0) fatal = true;
      return null;
    }
    const module: Module = { ...file.module };
    modules.set(path, module);
    return module;
  };

  // Depth-first over imports, with the stack of files being read to find cycles.
  const stack: string[] = [];
  const visit = (path: string, importedAt: Loc | undefined) => {
    const onStack = stack.indexOf(path);
    if (onStack >= 0) {
      const cycle = [...stack.slice(onStack), path].join(" -> ");
      diagnostics.push(M.importCycle.at(importedAt, cycle));
      return;
    }
    const already = modules.has(path);
    const m = read(path, importedAt);
    if (m === null || already) return;
    stack.push(path);
    for (const imp of m.imports) visit(imp.path, imp.loc);
    stack.pop();
  };
  visit(root, undefined);

  const rootModule = modules.get(root);
  if (rootModule === undefined || rootModule === null || fatal) {
    return { diagnostics, sources, modules: loaded };
  }

  if (diagnostics.length === 0 && !rootModule.files.some((f) => (f.children.topLevel ?? []).some((t) => !t.children.importDecl))) {
    diagnostics.push(M.emptyFile.at({ file: root, line: 1, col: 1, endLine: 1, endCol: 1 }));
  }

  // Lower every module with its own scope: its declarations plus what it imports. Each module's
  // diagnostics are kept apart until what the syntax errors leave out is known.
  const found = new Map<Module, Diagnostic[]>();
  for (const m of modules.values()) {
    if (m === null) continue;
    const out: Diagnostic[] = [];
    found.set(m, out);
    const scope = new Map<string, ScopeEntry>();
    for (const [name, d] of m.declared) scope.set(name, { ...d, from: m.path });
    for (const [name, d] of m.broken) if (isCallable(d.kind) && !scope.has(name)) scope.set(name, { kind: d.kind, loc: d.loc, from: m.path, broken: true });
    let incomplete = m.incomplete;
    for (const imp of m.imports) {
      const target = modules.get(imp.path);
      if (!target) continue;
      // Everything a file declares includes what its syntax errors hide.
      if (imp.names === undefined && target.incomplete) incomplete = true;
      const wanted = imp.names ?? [...target.declared.keys(), ...target.broken.keys()].map((name) => ({ name, loc: imp.loc }));
      for (const { name, loc } of wanted) {
        const healthy = target.declared.get(name);
        const broken = target.broken.get(name);
        const d = healthy ?? (broken !== undefined && isCallable(broken.kind) ? { kind: broken.kind, loc: broken.loc } : undefined);
        if (d === undefined) {
          // A name declared in the part of the file a syntax error made unreadable is not reported.
          if (broken !== undefined) continue;
          if (target.incomplete) {
            incomplete = true;
            continue;
          }
          out.push(M.importNameNotFound.at(loc, name, imp.path, didYouMean(name, target.declared.keys())));
          continue;
        }
        const existing = scope.get(name);
        if (existing !== undefined && existing.from !== target.path) {
          if (existing.broken || healthy === undefined) continue;
          out.push(M.duplicateName.atWith(loc, [{ message: `'${name}' is also declared here.`, loc: existing.loc }], existing.kind, name));
          continue;
        }
        if (existing === undefined || existing.broken) scope.set(name, healthy === undefined ? { ...d, from: target.path, broken: true } : { ...d, from: target.path });
      }
    }
    m.scope = scope;
    m.unresolved = incomplete;
    // With an import missing, an unknown name is most likely declared there: say nothing more.
    const complete = !incomplete && m.imports.every((imp) => modules.get(imp.path));
    const lowering = new FileLowering(m.lines, (name) => scope.get(name)?.kind, out, complete ? () => scope.keys() : undefined);
    try {
      m.lowered = lowering.lowerFile(m.files);
    } catch (e) {
      // Deeply nested input is stopped by the parser's guard; this is a backstop, never a crash.
      if (!(e instanceof RangeError)) throw e;
      for (const ds of found.values()) diagnostics.push(...ds);
      diagnostics.push(M.tooDeep.at({ file: m.path, line: 1, col: 1, endLine: 1, endCol: 2 }, 100));
      return { diagnostics, sources, modules: loaded };
    }
  }

  const syntaxErrors = [...modules.values()].flatMap((m) => m?.syntaxErrors ?? []);
  // An error of lowering belongs to the declaration it is in: that declaration is left out like one
  // with a syntax error, so the others are still validated (a bad duration in one component does not
  // hide the mistakes of the rest of the file). One outside every declaration stops as before.
  const confined = new Set<Diagnostic>();
  for (const [m, ds] of found) {
    const errors = ds.filter((d) => d.severity === "error");
    if (errors.length === 0) continue;
    const broken = brokenByLowering(m, errors);
    if (broken === undefined) continue;
    m.loweringBroken = broken;
    for (const d of errors) confined.add(d);
  }
  if (syntaxErrors.length === 0 && confined.size === 0) {
    for (const ds of found.values()) diagnostics.push(...ds);
    return { program: link(rootModule, modules), diagnostics, sources, modules: loaded };
  }
  const { omitted, users } = leaveOutBroken(modules);
  // Lowering errors are about what is written where they are, so all are reported; with a syntax
  // error, those of the declarations left out for what they use are not (an unreadable name may cause them).
  const hidden = syntaxErrors.length > 0 ? users : [];
  for (const ds of found.values()) diagnostics.push(...ds.filter((d) => !hidden.some((span) => within(d.loc, span))));
  // With other errors beside these, no program: a file gives a program only when it can be
  // validated (lowering with errors may leave values unchecked).
  const known = new Set([...syntaxErrors, ...confined]);
  if (!diagnostics.every((d) => d.severity !== "error" || known.has(d))) return { diagnostics, sources, modules: loaded };
  return { program: link(rootModule, modules), diagnostics, sources, modules: loaded, recovered: { omitted } };
}

/**
 * The declarations of `m` that `errors` (of its lowering) are in, by name; `undefined` when an error
 * lies outside every named declaration (an import, say), which cannot be confined.
 */
function brokenByLowering(m: Module, errors: readonly Diagnostic[]): Map<string, { kind: DeclarationKind; loc: Loc }> | undefined {
  const spans = [...spansOf(m.files, m.lines)];
  const broken = new Map<string, { kind: DeclarationKind; loc: Loc }>();
  for (const d of errors) {
    const hit = spans.find(([, span]) => within(d.loc, span));
    if (hit === undefined) return undefined;
    const [key, span] = hit;
    const kind = key.slice(0, key.indexOf(":")) as DeclarationKind;
    const name = key.slice(kind.length + 1);
    if (!broken.has(name)) broken.set(name, { kind, loc: span });
  }
  return broken;
}

function isCallable(kind: DeclarationKind): kind is DeclKind {
  return kind === "component" || kind === "pipeline";
}

/**
 * Leaves out of every module's lowered declarations those that use a broken name, and returns where
 * they are. The rule is deliberately simple and sound: a pipeline that calls a broken component or
 * pipeline (directly, or through a pipeline left out), a name its file cannot resolve because a syntax
 * error hides some names, or deploys a broken serve, is left out whole, and so is a tune of such a
 * target. Nothing is then reported about them (no unknown component, no missing input, no empty
 * pipeline): everything said would be caused by the gap. The broken declarations themselves are not
 * lowered at all.
 */
function leaveOutBroken(modules: ReadonlyMap<string, Module | null>): { omitted: Loc[]; users: Loc[] } {
  const key = (from: string, name: string) => `${from}\u0000${name}`;
  const tainted = new Set<string>();
  const omitted: Loc[] = [];
  /** The spans of declarations left out for what they use (not for an error of their own). */
  const users: Loc[] = [];
  const live = [...modules.values()].filter((m): m is Module => m !== null && m.lowered !== undefined);
  const brokenOf = (m: Module): ReadonlyMap<string, { kind: DeclarationKind; loc: Loc }> =>
    m.loweringBroken === undefined ? m.broken : new Map([...m.broken, ...m.loweringBroken]);
  for (const m of live) for (const [name, d] of brokenOf(m)) if (isCallable(d.kind)) tainted.add(key(m.path, name));
  const usesBroken = (m: Module, name: string) => {
    const e = m.scope!.get(name);
    return e === undefined ? m.unresolved === true : tainted.has(key(e.from, name));
  };
  const nodesUseBroken = (m: Module, nodes: readonly Node[]): boolean =>
    nodes.some((n) => {
      if (n.kind === "step") return usesBroken(m, n.call.name);
      if (n.kind === "deploy") return brokenOf(m).get(n.serve)?.kind === "serve";
      if (n.kind === "condition") return n.branches.some((b) => nodesUseBroken(m, b.body));
      if (n.kind === "loop") return nodesUseBroken(m, n.body);
      return false;
    });
  for (let changed = true; changed; ) {
    changed = false;
    for (const m of live) {
      for (const p of m.lowered!.pipelines) {
        if (tainted.has(key(m.path, p.name))) continue;
        if (nodesUseBroken(m, p.body) || (p.exitHandler !== undefined && nodesUseBroken(m, p.exitHandler.body))) {
          tainted.add(key(m.path, p.name));
          changed = true;
        }
      }
    }
  }
  for (const m of live) {
    const own = m.lowered!;
    // What lowering broke was lowered, and goes; what a syntax error broke never was.
    const lost = (kind: DeclarationKind, name: string) => m.loweringBroken?.get(name)?.kind === kind;
    const left = own.pipelines.filter((p) => tainted.has(key(m.path, p.name)));
    const leftTunes = own.tunes.filter((t) => usesBroken(m, t.target.name) || lost("tune", t.name));
    const using = [
      ...left.filter((p) => !lost("pipeline", p.name) || nodesUseBroken(m, p.body) || (p.exitHandler !== undefined && nodesUseBroken(m, p.exitHandler.body))).map((p) => `pipeline:${p.name}`),
      ...leftTunes.filter((t) => usesBroken(m, t.target.name)).map((t) => `tune:${t.name}`),
    ];
    const leftComponents = own.components.filter((c) => lost("component", c.name));
    const leftServes = own.serves.filter((s) => lost("serve", s.name));
    if (left.length + leftTunes.length + leftComponents.length + leftServes.length === 0) continue;
    const where = spansOf(m.files, m.lines);
    const keys = [
      ...left.map((p) => `pipeline:${p.name}`),
      ...leftTunes.map((t) => `tune:${t.name}`),
      ...leftComponents.map((c) => `component:${c.name}`),
      ...leftServes.map((s) => `serve:${s.name}`),
    ];
    for (const key of keys) {
      const span = where.get(key);
      if (span !== undefined) omitted.push(span);
      if (span !== undefined && using.includes(key)) users.push(span);
    }
    m.lowered = {
      components: own.components.filter((c) => !leftComponents.includes(c)),
      pipelines: own.pipelines.filter((p) => !left.includes(p)),
      tunes: own.tunes.filter((t) => !leftTunes.includes(t)),
      // A serve written in a pipeline left out goes with it.
      serves: own.serves.filter((s) => !leftServes.includes(s) && !omitted.some((span) => within(s.loc, span))),
    };
  }
  return { omitted, users };
}

/** Whether `loc` lies inside `span` (same file). */
export function within(loc: Loc | undefined, span: Loc): boolean {
  if (loc === undefined || loc.file !== span.file) return false;
  const after = loc.line > span.line || (loc.line === span.line && loc.col >= span.col);
  const before = loc.line < span.endLine || (loc.line === span.endLine && loc.col <= span.endCol);
  return after && before;
}

/** Decodes, parses and reads the imports and declarations of one file: what a `LoadCache` keeps. */
function parseFile(path: string, bytes: Uint8Array): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const text = decodeSource(bytes, path, diagnostics);
  if (text === undefined) return { diagnostics };
  const parsed = parse(text, path);
  diagnostics.push(...parsed.diagnostics);
  const recovery = parsed.recovery;
  const loaded = loadedModule(text, parsed);
  if (recovery === undefined) return { text, diagnostics, loaded };
  const lines = parsed.lines;
  let files = parsed.files as C.FileCstNode[];
  const broken = new Map<string, { kind: DeclarationKind; loc: Loc }>();
  if (parsed.diagnostics.length > 0) {
    // Only the declarations without a syntax error are lowered: one `file` node holds them.
    const healthy = recovery.topLevel.filter((t) => !t.broken).map((t) => t.node);
    files = [{ name: "file", children: { topLevel: healthy }, location: files[0]?.location }];
    for (const { kind, name } of recovery.brokenNames) if (!broken.has(name.image)) broken.set(name.image, { kind, loc: lines.of(name) });
  }
  const module = {
    path,
    lines,
    files,
    imports: importsOf(files, lines, diagnostics),
    declared: declarationsOf(files, lines),
    broken,
    incomplete: recovery.incomplete,
    syntaxErrors: parsed.diagnostics,
  };
  return { text, diagnostics, loaded, module };
}

/** The loader's view of a parsed file; the trivia are attached on first use. */
function loadedModule(text: string, parsed: ParseResult): LoadedModule {
  let trivia: Trivia | undefined;
  const cst = parsed.files as C.FileCstNode[];
  return {
    text,
    lines: parsed.lines,
    cst,
    comments: parsed.comments,
    get trivia() {
      return (trivia ??= attachComments(cst, parsed.comments, parsed.lines));
    },
  };
}

/** Where each pipeline and tune is (`pipeline:name`, `tune:name`), first declaration wins. */
function spansOf(files: readonly C.FileCstNode[], lines: LineMap): Map<string, Loc> {
  const out = new Map<string, Loc>();
  for (const f of files) {
    for (const top of f.children.topLevel ?? []) {
      const c = top.children;
      const decl = c.pipelineDecl?.[0] ?? c.tuneDecl?.[0] ?? c.componentDecl?.[0] ?? c.serveDecl?.[0];
      const name = decl?.children.Identifier?.[0];
      if (decl === undefined || name === undefined || top.location === undefined) continue;
      const kind = c.pipelineDecl ? "pipeline" : c.tuneDecl ? "tune" : c.componentDecl ? "component" : "serve";
      const k = `${kind}:${name.image}`;
      if (!out.has(k)) out.set(k, lines.of(top.location));
    }
  }
  return out;
}

/** Decodes UTF-8 strictly; a BOM is dropped. */
export function decodeSource(bytes: Uint8Array, path: string, diagnostics: Diagnostic[]): string | undefined {
  const at: Loc = { file: path, line: 1, col: 1, endLine: 1, endCol: 1 };
  if (bytes.length > MAX_FILE_BYTES) {
    diagnostics.push(M.fileTooLarge.at(at, bytes.length, MAX_FILE_BYTES));
    return undefined;
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
    const lines = before.split("\n");
    const line = lines.length;
    const col = [...lines[line - 1]].length + 1;
    diagnostics.push(M.notText.at({ file: path, line, col, endLine: line, endCol: col + 1 }, `invalid UTF-8 at byte ${offset}`));
    return undefined;
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, found by bisection (a truncated sequence at the cut is not an error
  // with stream: true).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      decoder.decode();
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

function importsOf(files: readonly C.FileCstNode[], lines: LineMap, diagnostics: Diagnostic[]): ImportDecl[] {
  const from = lines.file;
  const out: ImportDecl[] = [];
  for (const f of files) {
    for (const top of f.children.topLevel ?? []) {
      const imp = top.children.importDecl?.[0];
      if (imp === undefined) continue;
      const strNode = imp.children.string![0];
      const token = strNode.children.StringLiteral?.[0] ?? strNode.children.TripleString![0];
      const pieces = decodeString(token, lines, diagnostics);
      const loc = lines.of(token);
      if (pieces.some((p) => p.kind === "ref")) {
        diagnostics.push(M.expectedLiteral.at(loc, "An imported file name"));
        continue;
      }
      const spec = pieces.map((p) => (p.kind === "text" ? p.value : "")).join("");
      const path = spec.startsWith("/") ? posix.normalize(spec) : posix.normalize(posix.join(posix.dirname(from), spec));
      const names = imp.children.Identifier?.map((t) => ({ name: t.image, loc: lines.of(t) }));
      out.push(names ? { path, names, loc } : { path, loc });
    }
  }
  return out;
}

function declarationsOf(files: readonly C.FileCstNode[], lines: LineMap): Map<string, { kind: DeclKind; loc: Loc }> {
  const out = new Map<string, { kind: DeclKind; loc: Loc }>();
  for (const f of files) {
    for (const top of f.children.topLevel ?? []) {
      const c = top.children;
      const decl = c.componentDecl?.[0] ?? c.pipelineDecl?.[0];
      if (decl === undefined) continue;
      const id = decl.children.Identifier[0];
      if (!out.has(id.image)) out.set(id.image, { kind: c.componentDecl ? "component" : "pipeline", loc: lines.of(id) });
    }
  }
  return out;
}

/**
 * The program of the root module: its own declarations, plus the components and pipelines of other
 * files that its pipelines and tunes use (directly or through sub-pipelines).
 */
function link(root: Module, modules: ReadonlyMap<string, Module | null>): Program {
  const own = root.lowered!;
  const components: Component[] = [...own.components];
  const pipelines: Pipeline[] = [...own.pipelines];
  const have = new Set<string>([...components.map((c) => `c:${c.name}`), ...pipelines.map((p) => `p:${p.name}`)]);

  // Everything other files declare, first declaration of a name wins (duplicates are reported).
  const byName = new Map<string, Component | Pipeline>();
  for (const m of modules.values()) {
    if (m === null || m === root || !m.lowered) continue;
    for (const d of [...m.lowered.components, ...m.lowered.pipelines]) if (!byName.has(d.name)) byName.set(d.name, d);
  }
  const need = (kind: "component" | "pipeline", name: string) => {
    const key = `${kind === "component" ? "c" : "p"}:${name}`;
    if (have.has(key)) return;
    const d = byName.get(name);
    if (d === undefined || d.kind !== kind) return;
    have.add(key);
    if (d.kind === "component") components.push(d);
    else {
      pipelines.push(d);
      usesOf(d);
    }
  };
  const usesOfNodes = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      if (n.kind === "step") need(n.call.kind, n.call.name);
      else if (n.kind === "condition") for (const b of n.branches) usesOfNodes(b.body);
      else if (n.kind === "loop") usesOfNodes(n.body);
    }
  };
  const usesOf = (p: Pipeline) => {
    usesOfNodes(p.body);
    if (p.exitHandler) usesOfNodes(p.exitHandler.body);
  };
  for (const p of own.pipelines) usesOf(p);
  for (const t of own.tunes) need(t.target.kind, t.target.name);

  const byNameOrder = <T extends { name: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    kind: "program",
    components: byNameOrder(components),
    pipelines: byNameOrder(pipelines),
    tunes: byNameOrder<Tune>([...own.tunes]),
    serves: byNameOrder<Serve>([...own.serves]),
  };
}
