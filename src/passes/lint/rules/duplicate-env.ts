import { M } from "../../../diagnostics/catalog.js";
import type { EnvSource, EnvVar } from "../../../ir/types.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/** An env source as text, without source locations: two are the same setting when their texts are equal. */
function sourceText(source: EnvSource): string {
  return JSON.stringify(source, (key, value: unknown) => (key === "loc" ? undefined : value));
}

/**
 * An environment variable a step sets again with the value its component (or the pipeline) already
 * gives it: one of the two is dead weight that drifts when the other changes. (The same name twice in
 * one `env` block is `check`'s.) Reported at the step's setting.
 */
export const duplicateEnv: LintRule = {
  id: "mlpc/duplicate-env",
  code: M.lintDuplicateEnv.code,
  defaultSeverity: "warn",
  description: "Set an environment variable once: not again on a step with the value its component gives it.",
  check: (resolved) =>
    componentSteps(resolved).flatMap(({ step, component }) => {
      const inherited = new Map<string, EnvVar>((component.settings.env ?? []).map((e) => [e.name, e]));
      return (step.settings.env ?? [])
        .filter((e) => {
          const before = inherited.get(e.name);
          return before !== undefined && sourceText(before.source) === sourceText(e.source);
        })
        .map((e) => M.lintDuplicateEnv.at(e.loc, e.name));
    }),
};
