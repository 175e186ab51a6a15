import type { ArtifactTypeName, Type } from "../../ir/types.js";

/**
 * Kinds of values, as TypeScript sees them. Parameters: `String`, `Int`, `Float`, `Bool`, `List`,
 * `Struct`; artifacts by type name; `Status` for the pipeline's final status.
 */
export type ParamKind = "String" | "Int" | "Float" | "Bool" | "List" | "Struct";
/** The kinds of artifacts: `Dataset`, `Model`… */
export type ArtifactKind = ArtifactTypeName;
/** Every kind of value: parameters, artifacts and the pipeline status. */
export type Kind = ParamKind | ArtifactKind | "Status";

/** A type of an input, output or parameter: `Str`, `Float`, `Dataset`, `List(Int)`… */
export interface TypeSpec<K extends Kind = Kind> {
  readonly kind: "type";
  /** The type's kind, for TypeScript only. */
  readonly __kind?: K;
  /** The type in the IR. */
  readonly ir: Type;
  /** This type with a default value, used when the argument is left out. */
  default(value: LiteralOf<K>): DefaultSpec<K>;
  /** This type, optional: its `ifPresent` command-line parts drop out when it is left out. */
  optional(): OptionalSpec<K>;
}

/** An input or parameter with a default. */
export interface DefaultSpec<K extends Kind = Kind> {
  readonly kind: "default";
  /** The input's type. */
  readonly type: TypeSpec<K>;
  /** The value used when the argument is left out. */
  readonly value: LiteralOf<K>;
}

/** An optional input. */
export interface OptionalSpec<K extends Kind = Kind> {
  readonly kind: "optional";
  /** The input's type when it is given. */
  readonly type: TypeSpec<K>;
}

/** What an input, output or parameter can be declared as. */
export type Decl<K extends Kind = Kind> = TypeSpec<K> | DefaultSpec<K> | OptionalSpec<K>;

/** The kind a declaration has. */
export type KindOf<D> = D extends TypeSpec<infer K> ? K : D extends DefaultSpec<infer K> ? K : D extends OptionalSpec<infer K> ? K : never;

/** The TypeScript type of a literal of a kind. */
export type LiteralOf<K extends Kind> = K extends "String"
  ? string
  : K extends "Int" | "Float"
    ? number
    : K extends "Bool"
      ? boolean
      : K extends "List"
        ? readonly Literal[]
        : K extends "Struct"
          ? { readonly [key: string]: Literal }
          : never;

/** Any literal value: what JSON can hold. */
export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

function spec<K extends Kind>(ir: Type): TypeSpec<K> {
  const t: TypeSpec<K> = {
    kind: "type",
    ir,
    default: (value) => ({ kind: "default", type: t, value }),
    optional: () => ({ kind: "optional", type: t }),
  };
  return t;
}

const param = <K extends ParamKind>(name: K, items?: Type): TypeSpec<K> =>
  spec<K>(items === undefined ? { kind: "param", name } : { kind: "param", name, items });
const artifact = <K extends ArtifactKind>(name: K): TypeSpec<K> => spec<K>({ kind: "artifact", name });

/** A string parameter. */
export const Str = param("String");
/** A whole-number parameter. */
export const Int = param("Int");
/** A floating-point parameter; an `Int` value is accepted where a `Float` is expected. */
export const Float = param("Float");
/** A boolean parameter. */
export const Bool = param("Bool");
/** A JSON object parameter. */
export const Struct = param("Struct");

/** A list parameter: `List` holds anything, `List(Int)` holds whole numbers. */
export const List: TypeSpec<"List"> & ((items: TypeSpec<ParamKind>) => TypeSpec<"List">) = Object.assign(
  (items: TypeSpec<ParamKind>) => param("List", items.ir),
  param("List"),
);

/** Any artifact; an input of this type accepts every artifact type. */
export const Artifact = artifact("Artifact");
/** A data set artifact (`system.Dataset`). */
export const Dataset = artifact("Dataset");
/** A model artifact (`system.Model`). */
export const Model = artifact("Model");
/** Scalar metrics (`system.Metrics`). */
export const Metrics = artifact("Metrics");
/** Classification metrics: confusion matrix, ROC curve (`system.ClassificationMetrics`). */
export const ClassificationMetrics = artifact("ClassificationMetrics");
/** Classification metrics per slice (`system.SlicedClassificationMetrics`). */
export const SlicedClassificationMetrics = artifact("SlicedClassificationMetrics");
/** An HTML page shown in the run's UI (`system.HTML`). */
export const HTML = artifact("HTML");
/** A Markdown page shown in the run's UI (`system.Markdown`). */
export const Markdown = artifact("Markdown");
/** The final status of the pipeline run, for a component run by `p.finally`. */
export const Status = spec<"Status">({ kind: "status" });

/** The declaration's type spec, default and optionality. */
export function declParts(d: Decl): { type: TypeSpec; default?: Literal; optional: boolean } {
  if (d.kind === "type") return { type: d, optional: false };
  if (d.kind === "default") return { type: d.type, default: d.value as Literal, optional: false };
  return { type: d.type, optional: true };
}
