#!/usr/bin/env node
// The package as published carries dist/ built, so installing it must run nothing: `npm pack` and
// `npm publish` call this with `strip` (prepack) to drop the `prepare` script, which builds a clone
// after `npm ci`, from the manifest, and with `restore` (postpack) to put package.json back.
// `node scripts/pack-manifest.mjs strip|restore [DIR]` works on DIR/package.json (the repository's by default).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[3] ?? fileURLToPath(new URL("..", import.meta.url));
const manifest = join(dir, "package.json");
const saved = `${manifest}.orig`;
const mode = process.argv[2];

if (mode === "strip") {
  if (existsSync(saved)) throw new Error(`${saved} exists: an earlier pack did not finish; restore it first`);
  const text = readFileSync(manifest, "utf8");
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(saved, text);
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === "restore") {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  throw new Error("usage: pack-manifest.mjs strip|restore");
}
