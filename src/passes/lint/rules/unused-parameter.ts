import { M } from "../../../diagnostics/catalog.js";
import { exprSites, subExpressions } from "../../../ir/query/walk.js";
import type { LintRule } from "../rule.js";

/** A pipeline parameter that no expression of the pipeline reads, at the parameter. */
export const unusedParameter: LintRule = {
  id: "mlpc/unused-parameter",
  code: M.lintUnusedParameter.code,
  defaultSeverity: "warn",
  description: "Use every pipeline parameter, or remove it.",
  check: (resolved) =>
    resolved.program.pipelines.flatMap((pipeline) => {
      const read = new Set<string>();
      for (const site of exprSites(resolved.program, pipeline)) {
        for (const e of subExpressions(site.expr)) if (e.kind === "param") read.add(e.name);
      }
      return pipeline.params.filter((p) => !read.has(p.name)).map((p) => M.lintUnusedParameter.at(p.loc, pipeline.name, p.name));
    }),
};
