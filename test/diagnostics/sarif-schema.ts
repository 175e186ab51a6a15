import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AjvModule, { type ValidateFunction } from "ajv-draft-04";
import formatsModule from "ajv-formats";

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = formatsModule as unknown as typeof formatsModule.default;

/** The SARIF 2.1.0 schema (draft-04) from ../shared/upstream/sarif, compiled once with ajv. */
const SCHEMA_PATH = fileURLToPath(new URL("../../../shared/upstream/sarif/sarif-schema-2.1.0.json", import.meta.url));

let compiled: ValidateFunction | undefined;

/** The schema errors of `log`, empty when it is valid SARIF 2.1.0. */
export function sarifErrors(log: unknown): unknown[] {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object);
  }
  return compiled(log) ? [] : (compiled.errors ?? []);
}
