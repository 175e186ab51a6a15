import { M } from "../../diagnostics/catalog.js";
import type { Deploy } from "../../ir/types.js";
import type { WorkflowContext } from "./dag.js";
import type { ValueScope } from "./values.js";

/**
 * The task that deploys a `serve` from inside the pipeline. Not compiled yet: an error (MLP4100) at
 * the serve, rather than a deployment that silently goes missing.
 */
export function deployTemplate(ctx: WorkflowContext, deploy: Deploy, _task: string, _scope: ValueScope, _deps: Set<string>): Record<string, unknown> | undefined {
  ctx.diagnostics.push(M.argoNotYetSupported.at(deploy.loc, "Deploying a serve from a pipeline"));
  return undefined;
}
