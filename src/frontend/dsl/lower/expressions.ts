// Expressions in pipelines: operators, references classified by scope (parameter, loop variable, step
// output), interpolated strings and the functions `collect`, `oneOf`, `secret`…

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Expr, Loc, OutputRef } from "../../../ir/types.js";
import { type Lowering, type PipelineScope, tokenLoc, nodeLoc, report, simplePrimary, firstToken, joinLoc } from "./context.js";
import { fieldKey, stringPieces } from "./literals.js";

/**
 * Lowers an expression. With `scope` undefined, only literals are allowed (`what` names the value
 * for the error). The parser reads operators flat; precedence is applied here, by precedence
 * climbing: or < and < not < comparisons < unary minus.
 */
export function lowerExpr(cx: Lowering, e: C.ExpressionCstNode, scope: PipelineScope | undefined, what = "This value"): Expr {
  const operands = e.children.operand;
  const ops = (e.children.binaryOp ?? []).map((o) => firstToken(o));
  const prefixes = operands.map((o) => [...(o.children.KwNot ?? []), ...(o.children.Minus ?? [])].sort((a, b) => a.startOffset - b.startOffset));
  const used = operands.map(() => 0);
  let k = 0; // operands consumed
  const PREC: Record<string, number> = { or: 1, and: 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4 };
  const NOT = 3;

  const unary = (): Expr => {
    const pre = prefixes[k];
    if (used[k] < pre.length) {
      const p = pre[used[k]++];
      if (p.image === "not") {
        const operand = climb(NOT);
        return { kind: "not", operand, loc: joinLoc(tokenLoc(cx, p), operand.loc) };
      }
      const value = unary();
      const loc = joinLoc(tokenLoc(cx, p), value.loc);
      if (value.kind !== "number") {
        report(cx, M.negatedNonNumber.at(loc));
        return value;
      }
      return { kind: "number", value: -value.value, loc };
    }
    return lowerPrimary(cx, operands[k++].children.primary[0], scope, what);
  };

  const climb = (minPrec: number): Expr => {
    let left = unary();
    let comparedHere = false;
    while (k - 1 < ops.length) {
      const op = ops[k - 1];
      const prec = PREC[op.image];
      if (prec < minPrec) break;
      const right = climb(prec + 1);
      const loc = joinLoc(left.loc, right.loc);
      if (prec === 4) {
        if (comparedHere) report(cx, M.chainedComparison.at(tokenLoc(cx, op), op.image));
        comparedHere = true;
        left = { kind: "compare", op: op.image as "==", left, right, loc };
      } else {
        left = { kind: op.image as "and" | "or", left, right, loc };
      }
    }
    return left;
  };
  return climb(0);
}

export function lowerPrimary(cx: Lowering, p: C.PrimaryCstNode, scope: PipelineScope | undefined, what: string): Expr {
  const c = p.children;
  const loc = nodeLoc(cx, p);
  if (c.string) return stringExpr(cx, c.string[0], scope, what);
  if (c.NumberLiteral) return { kind: "number", value: Number(c.NumberLiteral[0].image), loc };
  if (c.KwTrue) return { kind: "bool", value: true, loc };
  if (c.KwFalse) return { kind: "bool", value: false, loc };
  if (c.KwNull) return { kind: "null", loc };
  if (c.list) return { kind: "list", items: (c.list[0].children.expression ?? []).map((x) => lowerExpr(cx, x, scope, what)), loc };
  if (c.struct) {
    return {
      kind: "struct",
      fields: (c.struct[0].children.field ?? []).map((f) => {
        const key = fieldKey(cx, f);
        return { name: key.value, value: lowerExpr(cx, f.children.expression[0], scope, what), loc: key.loc };
      }),
      loc,
    };
  }
  if (c.LParen) return lowerExpr(cx, c.expression![0], scope, what);
  if (c.KwPipeline) {
    const prop = c.Identifier![0];
    if (prop.image !== "status") {
      report(cx, M.unknownPipelineProperty.at(tokenLoc(cx, prop), prop.image));
    }
    if (scope === undefined) report(cx, M.expectedLiteral.at(loc, what));
    return { kind: "status", loc };
  }
  if (c.call) return callExpr(cx, c.call[0], scope);
  const path = c.reference![0].children.Identifier.map((t) => t.image);
  return lowerReference(cx, path, loc, scope, what);
}

export function stringExpr(cx: Lowering, s: C.StringCstNode, scope: PipelineScope | undefined, what: string): Expr {
  const { token, pieces } = stringPieces(cx, s);
  const loc = tokenLoc(cx, token);
  if (!pieces.some((p) => p.kind === "ref")) {
    return { kind: "string", value: pieces.map((p) => (p.kind === "text" ? p.value : "")).join(""), loc };
  }
  const parts = pieces.map((p) => (p.kind === "text" ? p.value : lowerReference(cx, p.path, p.loc, scope, what)));
  return { kind: "interpolation", parts, loc };
}

export function lowerReference(cx: Lowering, path: readonly string[], loc: Loc, scope: PipelineScope | undefined, what: string): Expr {
  if (scope === undefined) {
    report(cx, M.expectedLiteral.at(loc, what));
    return { kind: "null", loc };
  }
  const [head, field, ...rest] = path;
  if (rest.length > 0) {
    report(cx, M.invalidReferenceForm.at(loc, path.join(".")));
  }
  if (scope.loopVars.includes(head)) {
    return field === undefined ? { kind: "loopItem", loop: head, loc } : { kind: "loopItem", loop: head, field, loc };
  }
  if (field === undefined) return { kind: "param", name: head, loc };
  return { kind: "output", step: head, output: field, loc };
}

export function callExpr(cx: Lowering, call: C.CallCstNode, scope: PipelineScope | undefined): Expr {
  const fn = call.children.Identifier[0];
  const loc = nodeLoc(cx, call);
  const args = call.children.callArg ?? [];
  if (fn.image === "collect" && scope !== undefined) {
    const arg = args.length === 1 && !args[0].children.Identifier ? simplePrimary(args[0].children.expression[0]) : undefined;
    const ref = arg?.children.reference?.[0].children.Identifier.map((t) => t.image);
    if (ref === undefined || ref.length !== 2) {
      report(cx, M.collectArgument.at(loc, "collect(score.auc)"));
      return { kind: "null", loc };
    }
    return { kind: "collect", step: ref[0], output: ref[1], loc };
  }
  if (fn.image === "oneOf" && scope !== undefined) {
    const options: OutputRef[] = [];
    for (const a of args) {
      const arg = a.children.Identifier ? undefined : simplePrimary(a.children.expression[0]);
      const ref = arg?.children.reference?.[0].children.Identifier.map((t) => t.image);
      if (ref === undefined || ref.length !== 2 || scope.loopVars.includes(ref[0])) {
        report(cx, M.oneOfArgument.at(nodeLoc(cx, a), "oneOf(a.model, b.model)"));
        return { kind: "null", loc };
      }
      options.push({ kind: "output", step: ref[0], output: ref[1], loc: nodeLoc(cx, a) });
    }
    if (options.length < 2) {
      report(cx, M.oneOfTooFew.at(loc));
      return { kind: "null", loc };
    }
    return { kind: "oneof", options, loc };
  }
  report(cx, M.unknownFunction.at(tokenLoc(cx, fn), fn.image, scope === undefined ? "a literal value" : "collect(step.output) or oneOf(a.out, b.out)"));
  return { kind: "null", loc };
}
