import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { commandParts } from "../../../ir/query/command.js";

/** A warning for a component output its command line never mentions: nothing would ever write it. */
export const outputsWritten: ValidationRule = {
  id: "outputs-written",
  codes: [M.outputNotWritten.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const c of program.components) {
      const written = new Set(
        commandParts([...c.command, ...c.args]).flatMap((p) => (p.kind === "placeholder" && p.ref.startsWith("output") ? [p.name] : [])),
      );
      // An output named like an input is a duplicate (unique-member-names); its placeholders are ambiguous.
      const inputs = new Set(c.inputs.map((i) => i.name));
      for (const o of c.outputs) if (!written.has(o.name) && !inputs.has(o.name)) out.push(M.outputNotWritten.at(o.loc, c.name, o.name));
    }
    return out;
  },
};
