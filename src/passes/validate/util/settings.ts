import type { Program, Settings } from "../../../ir/types.js";
import { walkNodes } from "../../../ir/query/walk.js";

/** Every `Settings` of a program: components, pipelines and their steps, tunes, serves and transformers. */
export function allSettings(program: Program): Settings[] {
  const out: Settings[] = [];
  for (const c of program.components) out.push(c.settings);
  for (const p of program.pipelines) {
    out.push(p.settings);
    for (const { node } of walkNodes(p)) if (node.kind === "step") out.push(node.settings);
  }
  for (const t of program.tunes) out.push(t.settings);
  for (const s of program.serves) {
    out.push(s.settings);
    if (s.transformer !== undefined) out.push(s.transformer.settings);
  }
  return out;
}
