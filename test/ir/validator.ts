import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";

/** The IR schema as parsed JSON. */
export const irSchemaPath = fileURLToPath(new URL("../../schemas/mlpc-ir.schema.json", import.meta.url));
export const irSchema = JSON.parse(readFileSync(irSchemaPath, "utf8")) as Record<string, unknown>;

/** A fresh strict-mode Ajv for draft 2020-12, the dialect the IR schema is written in. */
export function strictAjv(): Ajv2020 {
  return new Ajv2020({ strict: true, allErrors: true });
}

let compiled: ValidateFunction | undefined;

/** Validates `value` against the IR schema; returns the errors as `path: message` lines (empty when valid). */
export function irErrors(value: unknown): string[] {
  compiled ??= strictAjv().compile(irSchema);
  if (compiled(value)) return [];
  return (compiled.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
}
