import { describe, expect, it } from "vitest";
import { typeOfExpr } from "../../../src/ir/query/infer.js";
import { pipelineScope } from "../../../src/ir/query/scope.js";
import { typeName } from "../../../src/ir/query/types.js";
import { walkBlock, walkNodes } from "../../../src/ir/query/walk.js";
import type { Condition, Expr, Program } from "../../../src/ir/types.js";
import { checkSource } from "../../helpers.js";

const SOURCE = `
component echo {
  image "alpine:3.20"
  input msg: String
  output n: Int
  run ["sh", "-c", "echo \${msg} > \${n.path}"]
}

pipeline p {
  param mode: String = "a"
  first = echo(msg: mode)
  for x in [1, 2.5] {
    if x > first.n {
      a = echo(msg: "a")
    }
  }
  for x in [1, "b"] {
    if x == mode {
      b = echo(msg: "b")
    }
  }
}
`;

function program(): Program {
  const result = checkSource({ "main.mlpipe": SOURCE });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.program!;
}

/** The left and right operands of the conditions, in source order. */
function operands(p: Program): Expr[] {
  const conditions = walkNodes(p.pipelines[0]).flatMap(({ node }) => (node.kind === "condition" ? [node as Condition] : []));
  return conditions.flatMap((c) => {
    const e = c.branches[0].condition!;
    return e.kind === "compare" ? [e.left, e.right] : [];
  });
}

describe("typeOfExpr", () => {
  it("types a loop variable by the loop around the expression, and references by their declarations", () => {
    const p = program();
    const scope = pipelineScope(p, p.pipelines[0]);
    // Two loops share the variable `x`: each condition reads its own loop's items.
    expect(operands(p).map((e) => typeName(typeOfExpr(scope, e)))).toEqual(["Float", "Int", "an unknown type", "String"]);
  });

  it("is unknown for an expression the pipeline does not hold", () => {
    const p = program();
    const scope = pipelineScope(p, p.pipelines[0]);
    const loose: Expr = { kind: "loopItem", loop: "x", loc: p.pipelines[0].loc };
    expect(typeOfExpr(scope, loose).kind).toBe("unknown");
  });
});

describe("walkBlock", () => {
  it("walks a block as walkNodes walks a pipeline's body, parents first", () => {
    const p = program().pipelines[0];
    const names = (placed: ReturnType<typeof walkBlock>) => placed.map(({ node, path }) => `${node.kind}:${path.length}`);
    expect(names(walkBlock(p.body))).toEqual(names(walkNodes(p)));
    expect(names(walkBlock(p.body))).toEqual(["step:0", "loop:0", "condition:1", "step:2", "loop:0", "condition:1", "step:2"]);
  });
});
