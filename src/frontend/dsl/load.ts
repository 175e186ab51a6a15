import { posix } from "node:path";
import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Component, Loc, Node, Pipeline, Program, Serve, Tune } from "../../ir/types.js";
import type * as C from "../../syntax/cst.generated.js";
import type { LineMap } from "../../syntax/line-map.js";
import { parse } from "../../syntax/parse.js";
import type { SourceHost } from "../host.js";
import { FileLowering, type DeclKind, type LoweredFile } from "./lower.js";
import { decodeString } from "./strings.js";

/** The largest source file mlpc reads. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface LoadResult {
  readonly program?: Program;
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
}

interface ImportDecl {
  readonly path: string;
  /** Names brought in; undefined for `import "file"` (everything the file declares). */
  readonly names?: readonly { name: string; loc: Loc }[];
  readonly loc: Loc;
}

interface Module {
  readonly path: string;
  readonly lines: LineMap;
  readonly files: readonly C.FileCstNode[];
  readonly imports: readonly ImportDecl[];
  /** Own top-level components and pipelines, first declaration wins. */
  readonly declared: ReadonlyMap<string, { kind: DeclKind; loc: Loc }>;
  lowered?: LoweredFile;
}

/**
 * Reads a `.mlpipe` file and everything it imports, parses each once, lowers them to the IR and links
 * them into one program: the root file's declarations plus every component and pipeline they use.
 */
export function loadDsl(root: string, host: SourceHost): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const modules = new Map<string, Module | null>();

  const read = (path: string, importedAt: Loc | undefined): Module | null => {
    if (modules.has(path)) return modules.get(path)!;
    modules.set(path, null);
    const bytes = host.readFile(path);
    if (!(bytes instanceof Uint8Array)) {
      diagnostics.push(importedAt ? M.importNotFound.at(importedAt, path) : M.cannotRead.at(undefined, path, bytes.error));
      return null;
    }
    const text = decode(bytes, path, diagnostics);
    if (text === undefined) return null;
    sources.set(path, text);
    const parsed = parse(text, path);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.length > 0) return null;
    const files = parsed.files as C.FileCstNode[];
    const lines = parsed.lines;
    const module: Module = { path, lines, files, imports: importsOf(files, lines, diagnostics), declared: declarationsOf(files, lines) };
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
  if (rootModule === undefined || rootModule === null || diagnostics.some((d) => d.code.startsWith("MLP1"))) {
    return { diagnostics, sources };
  }

  if (diagnostics.length === 0 && !rootModule.files.some((f) => (f.children.topLevel ?? []).some((t) => !t.children.importDecl))) {
    diagnostics.push(M.emptyFile.at({ file: root, line: 1, col: 1, endLine: 1, endCol: 1 }));
  }

  // Lower every module with its own scope: its declarations plus what it imports.
  for (const m of modules.values()) {
    if (m === null) continue;
    const scope = new Map<string, { kind: DeclKind; loc: Loc; from: string }>();
    for (const [name, d] of m.declared) scope.set(name, { ...d, from: m.path });
    for (const imp of m.imports) {
      const target = modules.get(imp.path);
      if (!target) continue;
      const wanted = imp.names ?? [...target.declared.keys()].map((name) => ({ name, loc: imp.loc }));
      for (const { name, loc } of wanted) {
        const d = target.declared.get(name);
        if (d === undefined) {
          diagnostics.push(M.importNameNotFound.at(loc, name, imp.path, didYouMean(name, target.declared.keys())));
          continue;
        }
        const existing = scope.get(name);
        if (existing !== undefined && existing.from !== target.path) {
          diagnostics.push(M.duplicateName.atWith(loc, [{ message: `'${name}' is also declared here.`, loc: existing.loc }], existing.kind, name));
          continue;
        }
        scope.set(name, { ...d, from: target.path });
      }
    }
    // With an import missing, an unknown name is most likely declared there: say nothing more.
    const complete = m.imports.every((imp) => modules.get(imp.path));
    const lowering = new FileLowering(m.lines, (name) => scope.get(name)?.kind, diagnostics, complete ? () => scope.keys() : undefined);
    try {
      m.lowered = lowering.lowerFile(m.files);
    } catch (e) {
      // Deeply nested input is stopped by the parser's guard; this is a backstop, never a crash.
      if (!(e instanceof RangeError)) throw e;
      diagnostics.push(M.tooDeep.at({ file: m.path, line: 1, col: 1, endLine: 1, endCol: 2 }, 100));
      return { diagnostics, sources };
    }
  }

  return { program: link(rootModule, modules), diagnostics, sources };
}

/** Decodes UTF-8 strictly; a BOM is dropped. */
function decode(bytes: Uint8Array, path: string, diagnostics: Diagnostic[]): string | undefined {
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
