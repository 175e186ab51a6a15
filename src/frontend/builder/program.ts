import { relative } from "node:path";
import { M } from "../../diagnostics/catalog.js";
import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component as IRComponent, Loc, Pipeline as IRPipeline, Program, Serve as IRServe, Tune as IRTune } from "../../ir/types.js";
import type { Callable, Component } from "./component.js";
import { callSiteFrom, sameOption } from "./location.js";
import type { Pipeline } from "./pipeline.js";
import { BuilderError } from "./step.js";

/** What a `tune()` or `serve()` call makes; defined by those modules. */
export interface Declaration<IR> {
  readonly $kind: "tune" | "serve";
  readonly $name: string;
  /** @internal */
  $ir(report: (d: Diagnostic) => void): IR;
  /** @internal Components and pipelines it uses. */
  readonly $uses?: () => readonly Callable[];
}

function isCallable(v: unknown): v is Component | Pipeline {
  const kind = typeof v === "function" ? (v as unknown as Callable).$kind : undefined;
  return kind === "component" || kind === "pipeline";
}

function isDeclaration(v: unknown): v is Declaration<IRTune | IRServe> {
  return typeof v === "object" && v !== null && ((v as Declaration<unknown>).$kind === "tune" || (v as Declaration<unknown>).$kind === "serve");
}

/** Whether a module's exports hold anything the builder made. */
export function exportsDeclarations(exports: Readonly<Record<string, unknown>>): boolean {
  return Object.values(exports).some((v) => isCallable(v) || isDeclaration(v));
}

/**
 * The program a TypeScript module exports: its exported components, pipelines, tunes and serves
 * (default or named), plus every component and pipeline they use. Locations are made relative to
 * `baseDir`, as the language shows paths. Builder misuse and exceptions in pipeline bodies become
 * diagnostics; this function does not throw.
 */
export function buildProgram(
  exports: Readonly<Record<string, unknown>>,
  baseDir: string,
): { program?: Program; diagnostics: Diagnostic[]; checkable?: Program } {
  const diagnostics: Diagnostic[] = [];
  /** Declarations whose building reported an error: left out, with what uses them (see below). */
  const broken = new Set<unknown>();
  const reporter =
    (owner: unknown) =>
    (d: Diagnostic): void => {
      if (d.severity === "error") broken.add(owner);
      diagnostics.push(d);
    };
  const callables = new Set<Component | Pipeline>();
  const declarations = new Set<Declaration<IRTune | IRServe>>();
  for (const v of Object.values(exports)) {
    if (isCallable(v)) callables.add(v);
    else if (isDeclaration(v)) declarations.add(v);
  }

  const components = new Map<Component, IRComponent>();
  const pipelines = new Map<Pipeline, IRPipeline>();
  const tunes = new Map<Declaration<IRTune | IRServe>, IRTune>();
  const serves = new Map<Declaration<IRTune | IRServe>, IRServe>();
  try {
    const queue: (Component | Pipeline)[] = [...callables];
    for (const d of declarations) for (const c of d.$uses?.() ?? []) queue.push(c as Component | Pipeline);
    while (queue.length > 0) {
      const c = queue.shift()!;
      if (c.$kind === "component") {
        if (!components.has(c)) components.set(c, c.$ir(reporter(c)));
      } else if (!pipelines.has(c)) {
        const ir = c.$ir(reporter(c));
        pipelines.set(c, ir);
        for (const callee of c.$callees()) queue.push(callee as Component | Pipeline);
        for (const d of c.$deployed()) {
          const serve = d.serve as Declaration<IRServe>;
          if (isDeclaration(serve)) declarations.add(serve);
        }
      }
    }
    for (const d of declarations) {
      const ir = d.$ir(reporter(d));
      if (d.$kind === "tune") tunes.set(d, ir as IRTune);
      else serves.set(d, ir as IRServe);
    }
  } catch (e) {
    diagnostics.push(asDiagnostic(e));
    return { diagnostics: relocateDiagnostics(diagnostics, baseDir) };
  }

  // As a lowering error in a `.mlpipe` file: a declaration that reported an error is left out, with
  // every pipeline that calls (or deploys) it and every tune of it, and the rest is still validated
  // (`checkable`). `program` keeps everything built, as it was built.
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of pipelines.keys()) {
      if (broken.has(p)) continue;
      if ([...p.$callees()].some((c) => broken.has(c)) || p.$deployed().some((d) => broken.has(d.serve))) {
        broken.add(p);
        changed = true;
      }
    }
  }
  for (const t of tunes.keys()) if ((t.$uses?.() ?? []).some((c) => broken.has(c))) broken.add(t);
  const byName = <T extends { name: string }>(xs: Iterable<T>): T[] => [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const programOf = (keep: (owner: unknown) => boolean): Program => {
    const kept = <K, T>(m: Map<K, T>): T[] => [...m].filter(([k]) => keep(k)).map(([, v]) => v);
    return { kind: "program", components: byName(kept(components)), pipelines: byName(kept(pipelines)), tunes: byName(kept(tunes)), serves: byName(kept(serves)) };
  };
  const built = { program: relocate(programOf(() => true), baseDir), diagnostics: relocateDiagnostics(diagnostics, baseDir) };
  if (broken.size === 0) return built;
  // The program without what was left out, which can still be validated.
  return { ...built, checkable: relocate(programOf((owner) => !broken.has(owner)), baseDir) };
}

/** A builder misuse, or an exception thrown by the user's code, as a diagnostic at the user's frame. */
export function asDiagnostic(e: unknown): Diagnostic {
  if (e instanceof BuilderError) return e.diagnostic;
  const message = e instanceof Error ? e.message : String(e);
  return M.pipelineCodeThrew.at(e instanceof Error ? userFrame(e) : undefined, message.replace(/\.$/, ""));
}

/** The first frame of an error's stack in the user's code. */
function userFrame(e: Error): Loc | undefined {
  const at = callSiteFrom(e.stack ?? "");
  return at.file === "<unknown>" ? undefined : at;
}

function relocate<T>(value: T, baseDir: string): T {
  if (Array.isArray(value)) return value.map((v) => relocate(v, baseDir)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === "loc" ? relLoc(v as Loc, baseDir) : relocate(v, baseDir);
  }
  return out as T;
}

function relLoc(loc: Loc, baseDir: string): Loc {
  if (!loc.file.startsWith("/")) return loc;
  const rel = relative(baseDir, loc.file);
  return sameOption(loc, { ...loc, file: rel.startsWith("..") ? loc.file : rel });
}

function relocateDiagnostics(ds: Diagnostic[], baseDir: string): Diagnostic[] {
  return sortDiagnostics(
    ds.map((d) => ({
      ...d,
      ...(d.loc ? { loc: relLoc(d.loc, baseDir) } : {}),
      related: d.related.map((r) => ({ ...r, loc: relLoc(r.loc, baseDir) })),
    })),
  );
}
