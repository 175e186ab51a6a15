import { renameSync, writeFileSync } from "node:fs";

/**
 * How golden files change: only by `npm run golden:update` (MLPC_UPDATE_GOLDENS=1) on a developer's
 * machine, reviewed like code; never in CI.
 */
export const UPDATE = process.env.MLPC_UPDATE_GOLDENS === "1";
export { IN_CI } from "../validators.js";

/** Temp file + rename, so an interrupted update never leaves half a golden file. */
export function writeAtomically(path: string, content: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}
