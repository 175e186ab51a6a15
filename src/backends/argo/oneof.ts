/**
 * `oneOf(a.x, b.y, …)` on Argo: an expression that picks the output of the option task that
 * succeeded, read where the tasks of the branches are in scope.
 *
 * ```
 * tasks['a'].status == 'Succeeded' ? tasks['a'].outputs.parameters['x'] : tasks['b'].outputs.parameters['y']
 * ```
 *
 * **Why the tasks' status.** Validation guarantees that the steps are directly in the branches of one
 * `if`/`elif`/`else` with an `else`, one per branch, and that the value is read after that `if`.
 * Conditions add no DAG template on Argo (see `layout.ts`), so every option is a task of the DAG that
 * holds the `if`, and exactly one of them runs while the others are `Skipped` (their `when` is false).
 * The reading task depends on every option task (plain `depends`, which a skipped task satisfies),
 * which puts each option's `tasks.<name>.status` and outputs in the scope of its arguments; the chain
 * of ternaries checks the options in order and takes the last one when none before it succeeded.
 * Checking the status, not whether an output is present, stays correct on Argo versions that give a
 * skipped task empty placeholder outputs. Re-evaluating the branch conditions instead would need them
 * rewritten from `when` (govaluate) into the expression language, for the same answer.
 *
 * **Where it is written.** Expression tags `{{=…}}` are evaluated where simple tags are substituted,
 * so the same text serves a parameter argument, a part of a run-time string, `withParam` and a `when`
 * operand; an artifact argument is `fromExpression` with the expression over `outputs.artifacts`; a
 * pipeline output is the DAG template's `valueFrom.expression` / `fromExpression` (as Argo's
 * dag-conditional-parameters and conditional-artifacts examples write them); an artifact's URI (with
 * an artifact root) is the expression over the options' `<output>-uri` parameters. Names are always
 * indexed (`tasks['fit-big']`), since a hyphen in a bare name is subtraction in the expression
 * language; single quotes keep the tag free of characters JSON would escape.
 *
 * **In nested DAG templates.** A reader inside a loop's DAG template (below the `if`'s DAG) receives
 * the value as an input of that template, computed by the calling task in the `if`'s DAG (see
 * `Need` in `dag.ts`), as every other value from outside a nested template is.
 */
export interface OneOfOption {
  /** The option's task, in the DAG that holds the `if`. */
  readonly task: string;
  /** The output parameter or artifact read from it. */
  readonly output: string;
}

/** The expression (without `{{=…}}`) whose value is `outputs.<kind>` of the option that ran. */
export function oneOfExpression(options: readonly OneOfOption[], kind: "parameters" | "artifacts"): string {
  const read = (o: OneOfOption): string => `tasks[${literal(o.task)}].outputs.${kind}[${literal(o.output)}]`;
  let text = read(options[options.length - 1]);
  for (let i = options.length - 2; i >= 0; i--) {
    const o = options[i];
    text = `tasks[${literal(o.task)}].status == 'Succeeded' ? ${read(o)} : ${i === options.length - 2 ? text : `(${text})`}`;
  }
  return text;
}

/** An expression string literal. Task and output names are `[a-z0-9_-]`; quotes are escaped anyway. */
export function literal(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
