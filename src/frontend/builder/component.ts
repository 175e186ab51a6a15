import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandItem, Component as IRComponent, Input, Loc, Output, Placeholder as IRPlaceholder, Text } from "../../ir/types.js";
import { numberText } from "../common/values.js";
import { argumentLoc, callSite, optionLoc } from "./location.js";
import { toSettings, type StepSettings } from "./settings.js";
import { declParts, type ArtifactKind, type Decl, type KindOf, type Literal, type TypeSpec } from "./types.js";
import { Placeholder, exprOf, splitMarkers, type Accepts } from "./values.js";
import { callStep, type Step, type StepOptions } from "./step.js";
import { record } from "../../ir/records.js";
import { checkOptions } from "./shapes.js";

/** Inputs of a component (or parameters of a pipeline), by name. */
export type Decls = Readonly<Record<string, Decl>>;
/** Outputs of a component, by name. */
export type OutputDecls = Readonly<Record<string, TypeSpec>>;

/** An input as seen inside `run`: its value, or for an artifact its path, URI and metadata. */
export type InputPlaceholder<D> = KindOf<D> extends ArtifactKind
  ? { readonly path: Placeholder; readonly uri: Placeholder; readonly metadata: Placeholder }
  : Placeholder;

/** An output as seen inside `run`: where to write it (and for an artifact its URI and metadata). */
export type OutputPlaceholder<D> = KindOf<D> extends ArtifactKind
  ? { readonly path: Placeholder; readonly uri: Placeholder; readonly metadata: Placeholder }
  : { readonly path: Placeholder };

/** The placeholders `run` and `args` receive: every input and output by name. */
export type IO<I extends Decls, O extends OutputDecls> = { readonly [K in keyof I]: InputPlaceholder<I[K]> } & {
  readonly [K in keyof O]: OutputPlaceholder<O[K]>;
};

/** Command-line parts that appear only when an optional input is given (else `otherwise`). */
export interface IfPresentItem {
  readonly kind: "ifPresent";
  /** The optional input whose presence decides. */
  readonly input: Placeholder;
  /** The command elements when the input is given. */
  readonly then: readonly CommandElement[];
  /** The command elements when it is not (none by default). */
  readonly otherwise: readonly CommandElement[];
}

/** One element of a command line: text (template literals with placeholders too), a number, a placeholder. */
export type CommandElement = string | number | boolean | Placeholder | IfPresentItem;

/** `then` when the optional input is given, else `otherwise`. */
export function ifPresent(input: Placeholder, then: readonly CommandElement[], otherwise: readonly CommandElement[] = []): IfPresentItem {
  return { kind: "ifPresent", input, then, otherwise };
}

/** The spec of a component: its image, inputs, outputs, command line and settings. */
export interface ComponentSpec<I extends Decls, O extends OutputDecls> extends StepSettings {
  /** The container image, pinned by a version tag or a digest: `"ghcr.io/acme/train:2.3.1"`. */
  readonly image: string;
  /** What the component does, shown in the KFP and Argo UIs. */
  readonly description?: string;
  /** The inputs by name: a type (`Float`, `Dataset`), with `.default(value)` or `.optional()`. */
  readonly inputs?: I;
  /** The outputs by name: a parameter type (written to `x.path`) or an artifact type. */
  readonly outputs?: O;
  /** The command: the placeholders of every input and output are passed in. */
  readonly run?: (io: IO<I, O>) => readonly CommandElement[];
  /** The arguments after the command (or after the image's entrypoint). */
  readonly args?: (io: IO<I, O>) => readonly CommandElement[];
  /** The component writes outside its outputs: never cached. */
  readonly sideEffects?: boolean;
}

/** Inputs an argument is required for: declared without a default, not optional, not the status. */
type RequiredKeys<I extends Decls> = {
  [K in keyof I]: I[K] extends TypeSpec<infer T> ? (T extends "Status" ? never : K) : never;
}[keyof I];

/** The arguments of a call: every required input, and any optional one, each of its input's kind. */
export type Args<I extends Decls> = { readonly [K in RequiredKeys<I>]: Accepts<KindOf<I[K]>> } & {
  readonly [K in Exclude<keyof I, RequiredKeys<I>>]?: Accepts<KindOf<I[K]>>;
};

/** Something a step can call: a component or a pipeline. */
export interface Callable<I extends Decls = Decls, O extends OutputDecls = OutputDecls> {
  readonly $kind: "component" | "pipeline";
  readonly $name: string;
  /** @internal The declared outputs' IR types by name. */
  readonly $outputs: () => ReadonlyMap<string, import("../../ir/types.js").Type>;
  /** Inputs and outputs, for TypeScript. */
  readonly __io?: { inputs: I; outputs: O };
}

/** A component: call it inside a pipeline to add a step. */
export interface Component<I extends Decls = Decls, O extends OutputDecls = OutputDecls> extends Callable<I, O> {
  (args: Args<I>, options?: StepOptions): Step<O>;
  readonly $kind: "component";
  /** @internal */
  $ir(report: (d: Diagnostic) => void): IRComponent;
}

/**
 * Declares a component: a container image with typed inputs and outputs. Call the result inside a
 * pipeline body to add a step that runs it.
 */
export function component<I extends Decls = {}, O extends OutputDecls = {}>(name: string, spec: ComponentSpec<I, O>): Component<I, O> {
  const loc = callSite();
  const specLoc = argumentLoc(loc, 1);
  const inputs = spec.inputs ?? ({} as I);
  const outputs = spec.outputs ?? ({} as O);
  let cached: { ir: IRComponent; diagnostics: Diagnostic[] } | undefined;
  const build = (report: (d: Diagnostic) => void): IRComponent => {
    if (cached !== undefined) {
      cached.diagnostics.forEach(report);
      return cached.ir;
    }
    const diagnostics: Diagnostic[] = [];
    checkOptions(spec, "ComponentSpec", `component '${name}'`, specLoc, (d) => diagnostics.push(d));
    const io = placeholders(inputs, outputs) as IO<I, O>;
    const irInputs: Input[] = Object.entries(inputs).map(([n, d]) => {
      const parts = declParts(d);
      const at = optionLoc(specLoc, "inputs", n);
      const input: { -readonly [K in keyof Input]: Input[K] } = { kind: "input", name: n, type: parts.type.ir, optional: parts.optional, loc: at };
      if (parts.default !== undefined) input.default = exprOf(parts.default as Literal, at, NO_STEPS);
      return input;
    });
    const irOutputs: Output[] = Object.entries(outputs).map(([n, t]) => ({ kind: "output", name: n, type: t.ir, loc: optionLoc(specLoc, "outputs", n) }));
    const c: { -readonly [K in keyof IRComponent]: IRComponent[K] } = {
      kind: "component",
      name,
      image: { ref: spec.image, loc },
      inputs: irInputs,
      outputs: irOutputs,
      command: spec.run ? commandItems(spec.run(io), loc) : [],
      args: spec.args ? commandItems(spec.args(io), loc) : [],
      settings: toSettings(spec, specLoc, (d) => diagnostics.push(d)),
      sideEffects: spec.sideEffects ?? false,
      loc,
    };
    if (spec.description !== undefined) c.description = spec.description;
    cached = { ir: c, diagnostics };
    diagnostics.forEach(report);
    return c;
  };
  const outputTypes = () => new Map(Object.entries(outputs).map(([n, t]) => [n, t.ir]));
  const fn = ((args: Args<I>, options?: StepOptions) => callStep(fn, args as Record<string, unknown>, options ?? {}, callSite())) as Component<I, O>;
  Object.defineProperties(fn, {
    $kind: { value: "component" },
    $name: { value: name },
    $outputs: { value: outputTypes },
    $ir: { value: build },
  });
  return fn;
}

const NO_STEPS = { stepName: () => "" };

function placeholders(inputs: Decls, outputs: OutputDecls): Record<string, unknown> {
  const io: Record<string, unknown> = record();
  for (const [n, d] of Object.entries(inputs)) {
    const t = declParts(d).type.ir;
    io[n] =
      t.kind === "artifact"
        ? { path: new Placeholder("inputPath", n), uri: new Placeholder("inputUri", n), metadata: new Placeholder("inputMetadata", n) }
        : new Placeholder("inputValue", n);
  }
  for (const [n, t] of Object.entries(outputs)) {
    io[n] =
      t.ir.kind === "artifact"
        ? { path: new Placeholder("outputPath", n), uri: new Placeholder("outputUri", n), metadata: new Placeholder("outputMetadata", n) }
        : { path: new Placeholder("outputPath", n) };
  }
  return io;
}

function commandItems(items: readonly CommandElement[], loc: Loc): CommandItem[] {
  return items.map((item): CommandItem => {
    if (typeof item === "object" && !(item instanceof Placeholder) && item.kind === "ifPresent") {
      return { kind: "ifPresent", input: item.input.$name, then: commandItems(item.then, loc), otherwise: commandItems(item.otherwise, loc), loc };
    }
    if (item instanceof Placeholder) return { kind: "arg", parts: [{ kind: "placeholder", ref: item.$ref, name: item.$name, loc }], loc };
    const text = typeof item === "number" ? numberText(item) : String(item);
    const parts = splitMarkers(text).map((p): Text | IRPlaceholder =>
      typeof p === "string" ? { kind: "text", value: p, loc } : p instanceof Placeholder ? { kind: "placeholder", ref: p.$ref, name: p.$name, loc } : { kind: "text", value: "", loc },
    );
    return { kind: "arg", parts: parts.length > 0 ? parts : [{ kind: "text", value: "", loc }], loc };
  });
}
