import { it } from "vitest";
import { readFileSync } from "node:fs";
import { checkSource } from "../../helpers.js";

it("scratch", () => {
  const src = readFileSync("/tmp/scratch/a.mlpipe", "utf8");
  const r = checkSource(src);
  for (const d of r.diagnostics) console.log(`${d.loc?.line}:${d.loc?.col}-${d.loc?.endLine}:${d.loc?.endCol} ${d.code} ${d.severity} ${d.message}` + d.related.map((x) => `\n    ${x.loc.line}:${x.loc.col} ${x.message}`).join(""));
  if (process.env.DUMP) console.log(JSON.stringify(r.program, null, 1));
});
