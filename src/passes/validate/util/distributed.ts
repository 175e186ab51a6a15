import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { findComponent } from "../../../ir/query/callee.js";
import { walkNodes } from "../../../ir/query/walk.js";
import { overrideSettings } from "../../../ir/settings.js";
import type { Component, Distributed, Program, Settings, Step } from "../../../ir/types.js";

/** A place a training job is declared: a distributed component, or a step that sets its own `distributed`. */
export interface DistributedUse {
  /** The block in effect there (a step's over its component's, field by field). */
  readonly distributed: Distributed;
  /** The settings in effect there (for the GPUs per node). */
  readonly settings: Settings;
  readonly component: Component;
  /** The step, when the block is a step's own. */
  readonly step?: Step;
}

/**
 * Every distributed component, and every step with its own `distributed` block (a step that only
 * inherits its component's adds nothing to check). A step that calls a pipeline is left out: the
 * `distributed-job-fields` rule reports it.
 */
export function distributedUses(program: Program): DistributedUse[] {
  const out: DistributedUse[] = [];
  for (const component of program.components) {
    if (component.settings.distributed !== undefined) out.push({ distributed: component.settings.distributed, settings: component.settings, component });
  }
  for (const pipeline of program.pipelines) {
    for (const { node } of walkNodes(pipeline)) {
      if (node.kind !== "step" || node.settings.distributed === undefined || node.call.kind !== "component") continue;
      const component = findComponent(program, node.call.name);
      if (component === undefined) continue;
      const settings = overrideSettings(component.settings, node.settings);
      out.push({ distributed: settings.distributed!, settings, component, step: node });
    }
  }
  return out;
}

/** `diagnostics` without repeats (the same code at the same place): a step's block repeats its component's fields. */
export function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${JSON.stringify(d.loc)} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The job kind of a block: `trainjob` when not written. */
export function jobKind(d: Distributed): "trainjob" | "pytorchjob" | "tfjob" {
  return d.job?.value ?? "trainjob";
}
