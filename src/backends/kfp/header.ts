import type { Expr, Pipeline, Type } from "../../ir/types.js";
import { compareCodePoints } from "../../output/yaml.js";
import { plainNumber } from "../../output/numbers.js";
import { literalValue } from "./values.js";

/**
 * The comment the SDK writes above a compiled pipeline, for people reading or diffing the file:
 *
 *     # PIPELINE DEFINITION
 *     # Name: my-pipeline
 *     # Description: …
 *     # Inputs:
 *     #    text: str [Default: 'Hello world']
 *     # Outputs:
 *     #    model: system.Model
 *
 * with the SDK's Python names for types and Python's notation for defaults, inputs and outputs sorted
 * by name. Lines only: the YAML writer adds the `# `.
 */
export function pipelineHeader(pipeline: Pipeline, name: string): string[] {
  const lines = ["PIPELINE DEFINITION", `Name: ${name}`];
  if (pipeline.description !== undefined) lines.push(`Description: ${pipeline.description}`);
  const byName = <T extends { readonly name: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => compareCodePoints(a.name, b.name));
  if (pipeline.params.length > 0) {
    lines.push("Inputs:");
    for (const p of byName(pipeline.params)) {
      lines.push(`   ${p.name}: ${pythonType(p.type)}${p.default === undefined ? "" : ` [Default: ${pythonDefault(p.default, p.type)}]`}`);
    }
  }
  if (pipeline.outputs.length > 0) {
    lines.push("Outputs:");
    for (const o of byName(pipeline.outputs)) lines.push(`   ${o.name}: ${pythonType(o.type)}`);
  }
  return lines;
}

function pythonType(type: Type): string {
  if (type.kind === "artifact") return `system.${type.name}`;
  if (type.kind === "status") return "PipelineTaskFinalStatus";
  return { String: "str", Int: "int", Float: "float", Bool: "bool", List: "list", Struct: "dict" }[type.name];
}

function pythonDefault(expr: Expr, type: Type): string {
  const v = literalValue(expr);
  if (!v.ok) return "?";
  // A whole number declared Float is a Python float: 1.0.
  if (typeof v.value === "number" && type.kind === "param" && type.name === "Float" && Number.isInteger(v.value)) return `${plainNumber(v.value)}.0`;
  return pythonRepr(v.value);
}

/**
 * Python's `repr` of a JSON value, except that numbers are plain decimals (`0.0000001` where Python
 * writes `1e-07`), as everywhere in mlpc's output.
 */
function pythonRepr(value: unknown): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return plainNumber(value);
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    return quote + value.replace(quote === "'" ? REPR_ESCAPES_SINGLE : REPR_ESCAPES_DOUBLE, reprEscape) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  return "?";
}

/**
 * What Python's `repr` of a string escapes: the backslash, the quote, and every character that is not
 * printable (`str.isprintable`: controls, format characters, surrogates, private use, unassigned,
 * line and paragraph separators, spaces other than ' ').
 */
const NOT_PRINTABLE = String.raw`\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000`;
const REPR_ESCAPES_SINGLE = new RegExp(String.raw`[\\'${NOT_PRINTABLE}]`, "gu");
const REPR_ESCAPES_DOUBLE = new RegExp(String.raw`[\\"${NOT_PRINTABLE}]`, "gu");

function reprEscape(c: string): string {
  if (c === "\\" || c === "'" || c === '"') return `\\${c}`;
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}
