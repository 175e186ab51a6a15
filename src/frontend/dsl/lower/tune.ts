// Tune declarations (Katib): objective, algorithm, early stopping, search space, trial budget, metrics
// collector.

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Argument, Loc, SearchParam, Tune } from "../../../ir/types.js";
import { type Lowering, type Mutable, tokenLoc, nodeLoc, report, simplePrimary, reorder } from "./context.js";
import { SettingsBuilder, keyValues } from "./settings.js";
import { callable } from "./pipelines.js";
import { fieldKey, identifier, literalText, lowerLiteral, plainString, scalarNumber } from "./literals.js";
import { lowerType } from "./types.js";
import { once } from "./components.js";

export function lowerTune(cx: Lowering, d: C.TuneDeclCstNode): Tune {
  const { name, loc } = identifier(cx, d.children.Identifier, 0);
  const target = identifier(cx, d.children.Identifier, 1);
  const settings = new SettingsBuilder(cx, "tune");
  let objective: Mutable<Tune["objective"]> | undefined;
  const additional: { name: string; loc: Loc }[] = [];
  const strategies: { metric: string; value: "min" | "max" | "latest"; loc: Loc }[] = [];
  let algorithm: Tune["algorithm"] | undefined;
  let earlyStopping: Tune["earlyStopping"] | undefined;
  const search: SearchParam[] = [];
  const args: Argument[] = [];
  const tune: Partial<Mutable<Tune>> = {};
  for (const item of d.children.tuneItem ?? []) {
    const c = item.children;
    if (c.KwObjective) {
      const metric = identifier(cx, c.Identifier);
      objective = once(cx, objective, c.KwObjective[0], () => ({
        type: c.KwMaximize ? "maximize" : "minimize",
        metric: metric.name,
        additionalMetrics: [],
        strategies: [],
        loc: metric.loc,
      }));
      if (c.scalar) {
        const g = scalarNumber(cx, c.scalar[0], "objective goal");
        if (g) objective.goal = g.value;
      }
    } else if (c.KwMetrics) {
      for (const e of c.list![0].children.expression ?? []) {
        const p = simplePrimary(e);
        const ref = p?.children.reference?.[0].children.Identifier;
        if (ref && ref.length === 1) additional.push({ name: ref[0].image, loc: tokenLoc(cx, ref[0]) });
        else {
          const t = literalText(cx, e, "A metric name");
          if (t !== undefined) additional.push({ name: t, loc: nodeLoc(cx, e) });
        }
      }
    } else if (c.KwStrategy) {
      const metric = identifier(cx, c.Identifier, 0);
      const v = c.Identifier![1];
      if (!["min", "max", "latest"].includes(v.image)) {
        report(cx, M.metricStrategy.at(tokenLoc(cx, v), v.image));
      } else strategies.push({ metric: metric.name, value: v.image as "min", loc: metric.loc });
    } else if (c.KwAlgorithm) {
      const id = identifier(cx, c.Identifier);
      algorithm = once(cx, algorithm, c.KwAlgorithm[0], () => ({ name: id.name, settings: c.struct ? keyValues(cx, c.struct[0], "algorithm settings") : [], loc: id.loc }));
    } else if (c.KwEarlyStopping) {
      const id = identifier(cx, c.Identifier);
      earlyStopping = once(cx, earlyStopping, c.KwEarlyStopping[0], () => ({ name: id.name, settings: c.struct ? keyValues(cx, c.struct[0], "early stopping settings") : [], loc: id.loc }));
    } else if (c.searchDecl) {
      const p = searchParam(cx, c.searchDecl[0]);
      if (p) search.push(p);
    } else if (c.KwTrials) {
      const [max, par, fail] = [0, 1, 2].map((i) => c.scalar?.[i]);
      const n = max && scalarNumber(cx, max, "trial count", true);
      if (n) tune.maxTrials = n.value;
      if (c.KwParallel && par) {
        const p = scalarNumber(cx, par, "parallel trial count", true);
        if (p) tune.parallelTrials = p.value;
      }
      const failIdx = c.KwParallel ? fail : par;
      if (c.KwFailures && failIdx) {
        const f = scalarNumber(cx, failIdx, "failed trial count", true);
        if (f) tune.maxFailedTrials = f.value;
      }
    } else if (c.KwWith) {
      for (const f of c.struct![0].children.field ?? []) {
        const key = fieldKey(cx, f);
        args.push({ name: key.value, value: lowerLiteral(cx, f.children.expression[0], `The value of '${key.value}'`), loc: key.loc });
      }
    } else if (c.KwResume) {
      const id = c.Identifier![0];
      const v = ({ never: "Never", longrunning: "LongRunning", fromvolume: "FromVolume" } as const)[id.image.toLowerCase() as "never"];
      if (v === undefined) report(cx, M.resumePolicy.at(tokenLoc(cx, id), id.image));
      else tune.resumePolicy = v;
    } else if (c.KwCollector) {
      const id = c.Identifier![0];
      if (id.image === "stdout") tune.collector = { kind: "stdout", loc: tokenLoc(cx, id) };
      else if (id.image === "file") {
        if (!c.string) report(cx, M.collectorFileNoPath.at(tokenLoc(cx, id)));
        else tune.collector = { kind: "file", path: plainString(cx, c.string[0], "A path").value, loc: tokenLoc(cx, id) };
      } else report(cx, M.collectorKind.at(tokenLoc(cx, id), id.image, "stdout or file"));
    } else if (c.setting) settings.add(c.setting[0]);
  }
  if (objective === undefined) {
    report(cx, M.tuneNoObjective.at(loc, name, "'objective maximize accuracy'"));
    objective = { type: "maximize", metric: "", additionalMetrics: [], strategies: [], loc };
  }
  objective.additionalMetrics = additional;
  objective.strategies = strategies;
  if (algorithm === undefined) {
    report(cx, M.tuneNoAlgorithm.at(loc, name, "'algorithm random'"));
    algorithm = { name: "", settings: [], loc };
  }
  const full: Mutable<Tune> = {
    kind: "tune",
    name,
    target: { kind: callable(cx, d.children.Identifier[1]), name: target.name, loc: target.loc },
    objective: reorder(objective, ["type", "metric", "goal", "additionalMetrics", "strategies", "loc"]),
    algorithm,
    search,
    arguments: args,
    settings: settings.build(),
    loc,
    ...tune,
  };
  if (earlyStopping !== undefined) full.earlyStopping = earlyStopping;
  return reorder(full, ["kind", "name", "target", "objective", "algorithm", "earlyStopping", "search", "arguments", "maxTrials", "parallelTrials", "maxFailedTrials", "resumePolicy", "collector", "settings", "loc"]);
}

export function searchParam(cx: Lowering, d: C.SearchDeclCstNode): SearchParam | undefined {
  const c = d.children;
  const id = identifier(cx, c.Identifier, 0);
  const type = lowerType(cx, c.typeRef[0]);
  const typeName = type.kind === "param" ? type.name : "";
  if (c.list) {
    const values: (string | number)[] = [];
    for (const e of c.list[0].children.expression ?? []) {
      const v = lowerLiteral(cx, e, "A search value");
      if (v.kind === "number" && (typeName === "Int" || typeName === "Float")) values.push(v.value);
      else if (v.kind === "string" && typeName === "String") values.push(v.value);
      else report(cx, M.searchValueType.at(v.loc, typeName === "String" ? "a string" : "a number", typeName));
    }
    if (typeName !== "String" && typeName !== "Int" && typeName !== "Float") {
      report(cx, M.searchType.at(nodeLoc(cx, c.typeRef[0])));
      return undefined;
    }
    return { kind: "search", name: id.name, type: typeName === "String" ? "categorical" : "discrete", values, loc: id.loc };
  }
  if (typeName !== "Int" && typeName !== "Float") {
    report(cx, M.searchRangeType.at(nodeLoc(cx, c.typeRef[0])));
    return undefined;
  }
  const [minC, maxC, stepC] = c.scalar!;
  const min = scalarNumber(cx, minC, "search minimum", typeName === "Int");
  const max = scalarNumber(cx, maxC, "search maximum", typeName === "Int");
  if (!min || !max) return undefined;
  const p: Mutable<SearchParam> = { kind: "search", name: id.name, type: typeName === "Int" ? "int" : "double", min: min.value, max: max.value, loc: id.loc };
  if (c.KwStep && stepC) {
    const s = scalarNumber(cx, stepC, "search step", typeName === "Int");
    if (s) p.step = s.value;
  }
  const dist = c.distribution?.[0];
  if (dist !== undefined) {
    const d = dist.children;
    p.distribution = d.KwUniform ? "uniform" : d.KwLog ? "logUniform" : d.KwNormal ? "normal" : "logNormal";
  }
  return reorder(p, ["kind", "name", "type", "min", "max", "step", "values", "distribution", "loc"]);
}
