import { readFileSync } from "node:fs";
import { parse } from "yaml";

/**
 * Where a local run finds the values of Secret and ConfigMap keys its steps read into their
 * environment: a `--secrets FILE` (YAML or JSON: `secrets: {name: {key: value}}` and
 * `configMaps: {name: {key: value}}`), else the environment variable `MLPC_SECRET_<NAME>_<KEY>`
 * (`MLPC_CONFIGMAP_<NAME>_<KEY>`), upper-cased with every other character as `_`. Values are only
 * handed to the steps: never printed, never in the run's record.
 */
export interface Secrets {
  secret(name: string, key: string): { readonly value?: string; readonly variable: string };
  configMap(name: string, key: string): { readonly value?: string; readonly variable: string };
}

type Table = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function envVariable(kind: "SECRET" | "CONFIGMAP", name: string, key: string): string {
  return `MLPC_${kind}_${name}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

export function makeSecrets(file: { secrets: Table; configMaps: Table } | undefined, env: Readonly<Record<string, string | undefined>>): Secrets {
  const lookup = (kind: "SECRET" | "CONFIGMAP", table: Table | undefined, name: string, key: string) => {
    const variable = envVariable(kind, name, key);
    const value = table?.[name]?.[key] ?? env[variable];
    return value === undefined ? { variable } : { value, variable };
  };
  return {
    secret: (name, key) => lookup("SECRET", file?.secrets, name, key),
    configMap: (name, key) => lookup("CONFIGMAP", file?.configMaps, name, key),
  };
}

/** Reads a secrets file; the problem in words when it cannot be used. */
export function readSecretsFile(path: string): { secrets: Table; configMaps: Table } | { problem: string } {
  let data: unknown;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { problem: e.code === "ENOENT" ? "no such file" : e.code !== undefined ? e.code : "it is not YAML or JSON" };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { problem: "it must map 'secrets' and 'configMaps' to tables of name: {key: value}" };
  const out: { secrets: Record<string, Record<string, string>>; configMaps: Record<string, Record<string, string>> } = { secrets: {}, configMaps: {} };
  for (const [section, tables] of Object.entries(data as Record<string, unknown>)) {
    if (section !== "secrets" && section !== "configMaps") return { problem: `unknown key '${section}'; the keys are 'secrets' and 'configMaps'` };
    if (typeof tables !== "object" || tables === null || Array.isArray(tables)) return { problem: `'${section}' must map names to tables of key: value` };
    for (const [name, keys] of Object.entries(tables as Record<string, unknown>)) {
      if (typeof keys !== "object" || keys === null || Array.isArray(keys)) return { problem: `'${section}.${name}' must map keys to values` };
      const table: Record<string, string> = {};
      for (const [k, v] of Object.entries(keys as Record<string, unknown>)) {
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return { problem: `'${section}.${name}.${k}' must be a string` };
        table[k] = String(v);
      }
      out[section][name] = table;
    }
  }
  return out;
}
