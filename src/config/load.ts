import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from "yaml";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Loc } from "../ir/types.js";
import { describeFsError } from "../cli/fs-host.js";
import type { MlpcConfig } from "./types.js";
import { loadYamlWithSchema } from "./yaml-schema.js";

/** A config file read and checked: its value when it has no error, and its text (for snippets). */
export interface LoadedConfig {
  readonly config?: MlpcConfig;
  readonly text?: string;
  readonly diagnostics: Diagnostic[];
}

let schema: object | undefined;

/** The config file's JSON Schema, read from `schemas/` next to `src/` (or `dist/`). */
function configSchema(): object {
  // src/config/load.ts and dist/config/load.js are both two levels below the package's folder.
  schema ??= JSON.parse(readFileSync(new URL("../../schemas/mlpc-config.schema.json", import.meta.url), "utf8")) as object;
  return schema;
}

/**
 * Reads the config file at the absolute path `path` (`shown` is how diagnostics name it): the schema's
 * checks (MLP9012–9019), then each rule id in `rules` (top level and overrides) must be a lint rule's
 * (MLP9020, at the key). `ruleIds` is asked for only when the file sets rule levels.
 */
export function loadConfig(path: string, shown: string, ruleIds: () => readonly string[]): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { diagnostics: [M.configUnreadable.at(undefined, shown, describeFsError(err))] };
  }
  const loaded = loadYamlWithSchema<MlpcConfig>(shown, text, configSchema(), "config file");
  if (loaded.value === undefined) return { text, diagnostics: loaded.diagnostics };
  const config = loaded.value;
  const tables: { readonly path: readonly (string | number)[]; readonly rules: Readonly<Record<string, unknown>> }[] = [];
  if (config.rules !== undefined) tables.push({ path: ["rules"], rules: config.rules });
  config.overrides?.forEach((o, i) => {
    if (o.rules !== undefined) tables.push({ path: ["overrides", i, "rules"], rules: o.rules });
  });
  const diagnostics: Diagnostic[] = [];
  if (tables.length > 0) {
    const known = ruleIds();
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    for (const table of tables) {
      for (const id of Object.keys(table.rules)) {
        if (known.includes(id)) continue;
        const where = table.path.length === 1 ? "'rules'" : `'overrides[${table.path[1]}].rules'`;
        diagnostics.push(M.configUnknownRule.at(keyLoc(doc.contents, table.path, id, lines, shown, text.length), id, where, didYouMean(id, known)));
      }
    }
  }
  return diagnostics.length > 0 ? { text, diagnostics } : { config, text, diagnostics };
}

/** Where the key `key` of the map at `path` is (the file's start when it cannot be found). */
function keyLoc(root: unknown, path: readonly (string | number)[], key: string, lines: LineCounter, file: string, length: number): Loc {
  let node = root as Node | null | undefined;
  for (const p of path) {
    if (isMap(node)) {
      const pair = node.items.find((i) => isPair(i) && isScalar(i.key) && String(i.key.value) === String(p));
      node = pair?.value as Node | undefined;
    } else if (node !== null && node !== undefined && "items" in node && typeof p === "number") {
      node = (node as { items: Node[] }).items[p];
    } else node = undefined;
  }
  const pair = isMap(node) ? node.items.find((i) => isPair(i) && isScalar(i.key) && String(i.key.value) === key) : undefined;
  const range = (pair?.key as Node | undefined)?.range ?? [0, 0];
  const start = lines.linePos(Math.min(range[0], length));
  const end = lines.linePos(Math.min(range[1], length));
  return { file, line: start.line, col: start.col, endLine: end.line, endCol: end.col };
}
