import type { Expr } from "../types.js";
import { nodeOutputs } from "./callee.js";
import type { PipelineScope } from "./scope.js";
import { BOOL, FLOAT, INT, NULL, STATUS, STRING, STRUCT, UNKNOWN, commonType, listOf, type Inferred } from "./types.js";
import { enclosingLoop, type Path } from "./walk.js";

/**
 * The type of an expression evaluated at `path` in a pipeline (`scope`), or of a literal when there is
 * no pipeline (defaults). A number literal is an Int when it is integral, a Float otherwise; a string
 * with interpolation is a String; comparisons and `and`/`or`/`not` are Bool. References that do not
 * resolve are `unknown`, so that the rule reporting them is the only one that does.
 */
export function inferType(expr: Expr, scope: PipelineScope | undefined, path: Path = []): Inferred {
  switch (expr.kind) {
    case "string":
    case "interpolation":
      return STRING;
    case "number":
      return Number.isInteger(expr.value) ? INT : FLOAT;
    case "bool":
    case "compare":
    case "and":
    case "or":
    case "not":
      return BOOL;
    case "null":
      return NULL;
    case "struct":
      return STRUCT;
    case "status":
      return STATUS;
    case "list": {
      if (expr.items.length === 0) return listOf();
      const types = expr.items.map((i) => inferType(i, scope, path));
      // Lists of artifacts do not exist: artifact-lists reports the items, so the list is unknown here.
      if (types.some((t) => t.kind === "artifact")) return UNKNOWN;
      const items = types.slice(1).reduce(commonType, types[0]);
      return items.kind === "unknown" || items.kind === "null" ? listOf() : listOf(items);
    }
    case "param":
      return scope?.params.get(expr.name)?.type ?? UNKNOWN;
    case "output":
    case "collect": {
      const t = outputType(scope, expr.step, expr.output);
      if (expr.kind === "output") return t;
      // A collect of an artifact is reported by artifact-lists; unknown here so nothing else does.
      if (t.kind === "artifact") return UNKNOWN;
      return t.kind === "unknown" || t.kind === "null" ? listOf() : listOf(t);
    }
    case "oneof": {
      let t = inferType(expr.options[0], scope, path);
      for (const o of expr.options.slice(1)) t = commonType(t, inferType(o, scope, path));
      return t;
    }
    case "loopItem": {
      if (scope === undefined || expr.field !== undefined) return UNKNOWN;
      const loop = enclosingLoop(path, expr.loop);
      const loopPath = loop && scope.loops.get(loop);
      if (loop === undefined || loopPath === undefined) return UNKNOWN;
      const items = inferType(loop.items, scope, loopPath);
      return items.kind === "param" && items.name === "List" && items.items !== undefined ? items.items : UNKNOWN;
    }
  }
}

/** The declared type of `step.output`, or `unknown`. */
export function outputType(scope: PipelineScope | undefined, step: string, output: string): Inferred {
  const placed = scope?.steps.get(step);
  if (scope === undefined || placed === undefined) return UNKNOWN;
  return nodeOutputs(scope.program, placed.node)?.find((o) => o.name === output)?.type ?? UNKNOWN;
}

/**
 * The type of an expression written in the pipeline of `scope`, evaluated where it is written (a loop
 * variable is the item of the loop around it there); `unknown` for what the pipeline does not declare.
 */
export function typeOfExpr(scope: PipelineScope, expr: Expr): Inferred {
  return inferType(expr, scope, scope.siteOf.get(expr)?.path ?? []);
}
