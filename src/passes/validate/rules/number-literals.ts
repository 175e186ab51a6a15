import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Expr, Type } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { calleeInputs, resolveCall } from "../../../ir/query/callee.js";
import { inferType } from "../../../ir/query/infer.js";
import { pipelineScope, type PipelineScope } from "../../../ir/query/scope.js";
import { isParam } from "../../../ir/query/types.js";
import type { Path } from "../../../ir/query/walk.js";

/** 2^63: an Int is a signed 64-bit integer on every target (KFP's protobuf `int64`, Go's `int64`). */
const INT64_LIMIT = 2 ** 63;

/**
 * Number literals are values every target reads back as written. An Int is exact only up to 2^53 - 1:
 * mlpc (JavaScript) and the JSON readers on the way hold numbers as doubles, so a larger integer is
 * already another number when it is read, and one beyond 2^63 fits no target's Int at all. Integral
 * literals are Ints except where a Float is declared (a default, an input, the items of a `List<Float>`)
 * or compared with a Float. Numbers are finite (the builder can pass NaN or Infinity; the language
 * cannot write them).
 */
export const numberLiterals: ValidationRule = {
  id: "number-literals",
  codes: [M.intNotExact.code, M.notFinite.code],
  check(program) {
    const out: Diagnostic[] = [];
    /** `expected`: the declared type at this place, when there is one. */
    const visit = (e: Expr, expected: Type | undefined, scope: PipelineScope | undefined, path: Path): void => {
      switch (e.kind) {
        case "number":
          if (!Number.isFinite(e.value)) out.push(M.notFinite.at(e.loc, String(e.value)));
          else if (Number.isInteger(e.value) && !Number.isSafeInteger(e.value) && !(expected !== undefined && isParam(expected, "Float"))) {
            const why =
              Math.abs(e.value) >= INT64_LIMIT
                ? "is outside the 64-bit range of an Int"
                : "is beyond 2^53, where numbers lose precision, so targets would read back a different value";
            out.push(M.intNotExact.at(e.loc, why));
          }
          return;
        case "list": {
          const items = expected?.kind === "param" && expected.name === "List" ? expected.items : undefined;
          for (const i of e.items) visit(i, items, scope, path);
          return;
        }
        case "struct":
          for (const f of e.fields) visit(f.value, undefined, scope, path);
          return;
        case "compare": {
          // A literal compared with a Float is a Float.
          const other = (x: Expr): Type | undefined => {
            const t = inferType(x, scope, path);
            return t.kind === "param" && t.name === "Float" ? t : undefined;
          };
          visit(e.left, other(e.right), scope, path);
          visit(e.right, other(e.left), scope, path);
          return;
        }
        case "and":
        case "or":
          visit(e.left, undefined, scope, path);
          visit(e.right, undefined, scope, path);
          return;
        case "not":
          visit(e.operand, undefined, scope, path);
          return;
        case "interpolation":
          for (const p of e.parts) if (typeof p !== "string") visit(p, undefined, scope, path);
          return;
        default:
          return;
      }
    };

    for (const c of program.components) for (const i of c.inputs) if (i.default !== undefined) visit(i.default, i.type, undefined, []);
    for (const pipeline of program.pipelines) {
      for (const p of pipeline.params) if (p.default !== undefined) visit(p.default, p.type, undefined, []);
      const scope = pipelineScope(program, pipeline);
      for (const site of scope.sites) {
        let expected: Type | undefined;
        if (site.kind === "argument" && site.owner.kind === "step" && site.argument !== undefined) {
          const callee = resolveCall(program, site.owner.call);
          expected = callee === undefined ? undefined : calleeInputs(callee).find((i) => i.name === site.argument!.name)?.type;
        } else if (site.kind === "pipelineOutput" && site.owner.kind === "pipelineOutput") {
          expected = site.owner.type;
        }
        visit(site.expr, expected, scope, site.path);
      }
    }
    for (const tune of program.tunes) {
      const callee = resolveCall(program, tune.target);
      const inputs = callee === undefined ? [] : calleeInputs(callee);
      for (const a of tune.arguments) visit(a.value, inputs.find((i) => i.name === a.name)?.type, undefined, []);
    }
    return out;
  },
};
