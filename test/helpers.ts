import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { checkFile, type CheckResult } from "../src/compiler.js";
import { memoryHost } from "../src/frontend/host.js";

/**
 * Checks in-memory sources: `files` maps paths to text, the first file (or `root`) is the one checked.
 * A single string is checked as `main.mlpipe`.
 */
export function checkSource(files: string | Record<string, string>, root?: string): CheckResult {
  const map = typeof files === "string" ? { "main.mlpipe": files } : files;
  return checkFile(root ?? Object.keys(map)[0], memoryHost(map));
}

/** The codes of a result's diagnostics, in order. */
export function codes(result: CheckResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

/** The `.mlpipe` files under examples/ (components/ included), relative to the repository root, sorted. */
export function exampleFiles(dir = join(process.cwd(), "examples")): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? exampleFiles(join(dir, e.name)) : e.name.endsWith(".mlpipe") ? [join(dir, e.name)] : []))
    .map((f) => relative(process.cwd(), f))
    .sort();
}
