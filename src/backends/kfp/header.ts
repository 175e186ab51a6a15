import type { Expr, Pipeline, Type } from "../../ir/types.js";
import { compareCodePoints } from "../../output/yaml.js";
import { kfpName } from "./names.js";
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
export function pipelineHeader(pipeline: Pipeline): string[] {
  const lines = ["PIPELINE DEFINITION", `Name: ${kfpName(pipeline.name)}`];
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
  if (typeof v.value === "number" && type.kind === "param" && type.name === "Float" && Number.isInteger(v.value)) return `${v.value}.0`;
  return pythonRepr(v.value);
}

function pythonRepr(value: unknown): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  return "?";
}
