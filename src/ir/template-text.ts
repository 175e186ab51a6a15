import type { Loc, Pipeline, Program } from "./types.js";

/**
 * Where text a user wrote would become part of a `{{…}}` template tag: Argo substitutes such tags in
 * every string of a workflow (and KFP runs its pipelines as Argo workflows, with the component, task
 * and container specs as workflow parameters), several times over, with no escape for `{{`; a `{{`
 * without `}}` makes the substitution fail, and `{{=…}}` is evaluated as an expression. So no text a
 * user writes can hold `{{` and reach a step unchanged (STYLE 17: text stays text).
 *
 * - `braces`: the text holds `{{`.
 * - `beforeValue`: a `{` ends the text right before a value (`"{${x}"`, `"--x={${x}}"`), so that it
 *   makes `{{` with the tag the back end writes for the value (on Argo `{{{inputs.parameters.x}}`,
 *   which Argo reads as a tag named `{inputs.parameters.x` and leaves unsubstituted).
 */
export interface TemplateText {
  readonly kind: "braces" | "beforeValue";
  /** The text from the `{{` on (at most 40 characters), or the `{`. */
  readonly text: string;
  readonly loc: Loc;
}

/**
 * The texts of `pipeline`, the pipelines it calls and the components their steps run (each once)
 * that would make a template tag, in source order of a walk through them: string literals of every
 * value (arguments, defaults, environment variables, loop items, importer metadata…), the text of
 * strings with `${…}` values, command lines, and the keys and values of settings maps (labels,
 * annotations, node selectors), and every other string of a setting (Secret and ConfigMap names and
 * keys, paths…), at the nearest location. String literals compared in a condition are left out: back
 * ends write them as expression literals, escaped. Descriptions only with `descriptions` (KFP writes
 * those of inputs and outputs into the component specs it hands Argo; Argo writes none).
 */
export function templateTexts(program: Program, pipeline: Pipeline, { descriptions = false }: { descriptions?: boolean } = {}): TemplateText[] {
  const components = new Map(program.components.map((c) => [c.name, c]));
  const pipelines = new Map(program.pipelines.map((p) => [p.name, p]));
  const seen = new Set<object>();
  const out: TemplateText[] = [];

  const braces = (text: string, loc: Loc): boolean => {
    const i = text.indexOf("{{");
    if (i < 0) return false;
    out.push({ kind: "braces", text: text.length - i > 40 ? `${text.slice(i, i + 39)}…` : text.slice(i), loc });
    return true;
  };
  /** The parts of a string with values (`${…}`) or of a command-line argument (placeholders). */
  const parts = (items: readonly unknown[], loc: Loc): void => {
    items.forEach((part, i) => {
      const text = typeof part === "string" ? part : isText(part) ? part.value : undefined;
      if (text === undefined) return;
      const at = typeof part === "string" ? loc : (part as { loc: Loc }).loc;
      const next = items[i + 1];
      if (!braces(text, at) && text.endsWith("{") && next !== undefined && typeof next !== "string" && !isText(next)) {
        out.push({ kind: "beforeValue", text: "{", loc: at });
      }
    });
  };
  /** `at`: the location of the nearest node around `value` that has one. */
  const visit = (value: unknown, inCondition: boolean, at: Loc): void => {
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === "string") braces(v, at);
      else visit(v, inCondition, at);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const o = value as Record<string, unknown>;
    const here = (o.loc as Loc | undefined) ?? at;
    switch (o.kind) {
      case "string":
        if (!inCondition) braces(o.value as string, o.loc as Loc);
        return;
      case "interpolation":
        parts(o.parts as readonly unknown[], o.loc as Loc);
        return;
      case "arg":
        parts(o.parts as readonly unknown[], o.loc as Loc);
        return;
      case "step": {
        const call = o.call as { kind: string; name: string };
        const target = call.kind === "component" ? components.get(call.name) : pipelines.get(call.name);
        if (target !== undefined && !seen.has(target)) {
          seen.add(target);
          visit(target, false, target.loc);
        }
        break;
      }
    }
    // A settings map entry: `labels { key: "value" }`.
    if (typeof o.key === "string" && typeof o.value === "string" && o.loc !== undefined) {
      braces(o.key, o.loc as Loc) || braces(o.value, o.loc as Loc);
      return;
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === "loc" || k === "kind" || (k === "description" && !descriptions)) continue;
      if (typeof v === "string") braces(v, here);
      else visit(v, inCondition || k === "condition", here);
    }
  };

  seen.add(pipeline);
  visit(pipeline, false, pipeline.loc);
  return out;
}

function isText(part: unknown): part is { readonly kind: "text"; readonly value: string; readonly loc: Loc } {
  return typeof part === "object" && part !== null && (part as { kind?: unknown }).kind === "text";
}
