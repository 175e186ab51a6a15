import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { dnsLabel, dnsLabelProblem } from "../../../kubernetes/names.js";
import { findDuplicates } from "../util/duplicates.js";
import { namedNodes, walkNodes } from "../../../ir/query/walk.js";

interface Named {
  readonly what: string;
  readonly name: string;
  readonly loc: Loc;
}

/** KFP turns parameters into `pipelinechannel--…` names; a parameter that already starts so is ambiguous. */
const RESERVED_PARAM_PREFIX = "pipelinechannel";

/**
 * Back ends turn names into Kubernetes names (lowercase, `_` → `-`): every name must give a valid
 * DNS-1123 label (serves and tunes: DNS-1035, starting with a letter), and two different names in one
 * namespace must not give the same label (`Train_model` and `train_model`).
 */
export const kubernetesNames: ValidationRule = {
  id: "kubernetes-names",
  codes: [M.invalidName.code],
  check(program) {
    const out: Diagnostic[] = [];
    const namespaces: { names: Named[]; dns1035: boolean }[] = [
      {
        names: [
          ...program.components.map((c) => ({ what: "component", name: c.name, loc: c.loc })),
          ...program.pipelines.map((p) => ({ what: "pipeline", name: p.name, loc: p.loc })),
        ],
        dns1035: false,
      },
      { names: program.tunes.map((t) => ({ what: "tune", name: t.name, loc: t.loc })), dns1035: true },
      { names: program.serves.map((s) => ({ what: "serve", name: s.name, loc: s.loc })), dns1035: true },
    ];
    for (const p of program.pipelines) {
      namespaces.push({ names: p.params.map((x) => ({ what: "parameter", name: x.name, loc: x.loc })), dns1035: false });
      const steps = namedNodes(walkNodes(p)).map(({ node }) => ({ what: "step", name: node.name, loc: node.loc }));
      namespaces.push({ names: steps, dns1035: false });
    }

    for (const { names, dns1035 } of namespaces) {
      for (const n of names) {
        const problem = dnsLabelProblem(n.name, dns1035);
        if (problem !== undefined) out.push(M.invalidName.at(n.loc, n.what, n.name, problem));
        else if (n.what === "parameter" && dnsLabel(n.name).startsWith(RESERVED_PARAM_PREFIX)) {
          out.push(M.invalidName.at(n.loc, n.what, n.name, `names starting with '${RESERVED_PARAM_PREFIX}' are reserved by Kubeflow Pipelines`));
        }
      }
      // Exact duplicates are the unique-* rules' business; here only names that differ but collide.
      const distinct = findDuplicates(names, (n) => n.name).map((d) => d.later);
      const firstOfEach = names.filter((n) => !distinct.includes(n));
      for (const { first, later } of findDuplicates(firstOfEach, (n) => dnsLabel(n.name))) {
        const label = dnsLabel(later.name);
        const related = [{ message: `The ${first.what} '${first.name}' is declared here.`, loc: first.loc }];
        out.push(
          M.invalidName.atWith(later.loc, related, later.what, later.name, `it becomes the Kubernetes name '${label}', the same as the ${first.what} '${first.name}'`),
        );
      }
    }
    return out;
  },
};
