// Pipeline declarations: parameters, outputs, schedule, artifact root, and the statements of the body
// (steps, importers, if/elif/else, loops, inline serves).

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import { concurrencyPolicy } from "../../common/settings.js";
import { artifactRootProblem } from "../../common/values.js";
import type { IToken } from "chevrotain";
import type { Argument, Branch, Deploy, Expr, Importer, Loc, Loop, Node, Param, Pipeline, PipelineOutput, Schedule, Serve, Step } from "../../../ir/types.js";
import { type Lowering, type DeclKind, type Mutable, type PipelineScope, first, tokenLoc, nodeLoc, report, firstTokenImage, reorder } from "./context.js";
import { SettingsBuilder } from "./settings.js";
import { StepNamer } from "./naming.js";
import { fieldKey, identifier, lowerLiteral, plainString, scalarNumber } from "./literals.js";
import { lowerExpr } from "./expressions.js";
import { lowerServe } from "./serve.js";
import { lowerType } from "./types.js";
import { once } from "./components.js";

export function lowerPipeline(cx: Lowering, d: C.PipelineDeclCstNode, serves: Serve[]): Pipeline {
  const { name, loc } = identifier(cx, d.children.Identifier);
  const params: Param[] = [];
  const outputs: { decl: C.OutputDeclCstNode }[] = [];
  const body: C.StatementCstNode[] = [];
  let description: string | undefined;
  let schedule: Schedule | undefined;
  let artifactRoot: Pipeline["artifactRoot"];
  let finallyBlock: C.FinallyBlockCstNode | undefined;
  const settings = new SettingsBuilder(cx, "pipeline");
  for (const item of d.children.pipelineItem ?? []) {
    const c = item.children;
    if (c.descriptionItem) description = plainString(cx, c.descriptionItem[0].children.string[0], "A description").value;
    else if (c.paramDecl) params.push(lowerParam(cx, c.paramDecl[0]));
    else if (c.outputDecl) outputs.push({ decl: c.outputDecl[0] });
    else if (c.scheduleDecl) schedule = once(cx, schedule, c.scheduleDecl[0].children.KwSchedule[0], () => lowerSchedule(cx, c.scheduleDecl![0]));
    else if (c.artifactRootDecl) {
      const decl = c.artifactRootDecl[0];
      artifactRoot = once(cx, artifactRoot, decl.children.KwArtifactRoot[0], () => lowerArtifactRoot(cx, decl));
    }
    else if (c.finallyBlock) {
      if (finallyBlock !== undefined) report(cx, M.misplacedFinally.at(tokenLoc(cx, c.finallyBlock[0].children.KwFinally[0])));
      else finallyBlock = c.finallyBlock[0];
    } else if (c.setting) settings.add(c.setting[0]);
    else if (c.statement) body.push(c.statement[0]);
  }

  // Step names first: references may point forward, and anonymous steps are named after their callee.
  const names = new StepNamer();
  const allStatements = [...body, ...(finallyBlock?.children.block[0].children.statement ?? [])];
  names.collect(allStatements);
  const scope: PipelineScope = { params: new Set(params.map((p) => p.name)), steps: names.all(), loopVars: [] };

  const lowerBlock = (stmts: readonly C.StatementCstNode[], sc: PipelineScope): Node[] =>
    stmts.flatMap((s) => lowerStatement(cx, s, sc, names, serves, lowerBlock));
  const pipeline: Mutable<Pipeline> = {
    kind: "pipeline",
    name,
    params,
    outputs: outputs.map(({ decl }) => {
      const id = identifier(cx, decl.children.Identifier);
      const type = lowerType(cx, decl.children.typeRef[0]);
      const valueCst = first(decl.children.expression);
      if (valueCst === undefined) {
        report(cx, M.pipelineOutputNoValue.at(id.loc, id.name, "give it a value, as in 'output model: Model = train.model'"));
      }
      const value: Expr = valueCst ? lowerExpr(cx, valueCst, scope) : { kind: "null", loc: id.loc };
      const out: PipelineOutput = { kind: "pipelineOutput", name: id.name, type, value, loc: id.loc };
      return out;
    }),
    body: lowerBlock(body, scope),
    settings: settings.build(),
    loc,
  };
  if (description !== undefined) pipeline.description = description;
  if (finallyBlock !== undefined) {
    const block = finallyBlock.children.block[0];
    pipeline.exitHandler = { body: lowerBlock(block.children.statement ?? [], scope), loc: tokenLoc(cx, finallyBlock.children.KwFinally[0]) };
  }
  if (schedule !== undefined) pipeline.schedule = schedule;
  if (artifactRoot !== undefined) pipeline.artifactRoot = artifactRoot;
  return reorder(pipeline, ["kind", "name", "description", "params", "outputs", "body", "exitHandler", "schedule", "artifactRoot", "settings", "loc"]);
}

export function lowerParam(cx: Lowering, d: C.ParamDeclCstNode): Param {
  const id = identifier(cx, d.children.Identifier);
  const p: Mutable<Param> = { kind: "param", name: id.name, type: lowerType(cx, d.children.typeRef[0]), loc: id.loc };
  const def = first(d.children.expression);
  if (def !== undefined) p.default = lowerLiteral(cx, def, `The default of '${id.name}'`);
  if (d.children.Question !== undefined) p.optional = true;
  return reorder(p, ["kind", "name", "type", "default", "optional", "loc"]);
}

export function lowerArtifactRoot(cx: Lowering, d: C.ArtifactRootDeclCstNode): Pipeline["artifactRoot"] {
  const uri = plainString(cx, d.children.string[0], "An artifact root");
  const problem = artifactRootProblem(uri.value);
  if (problem !== undefined) {
    report(cx, M.invalidArtifactRoot.at(uri.loc, problem));
    return undefined;
  }
  return { uri: uri.value, loc: uri.loc };
}

export function lowerSchedule(cx: Lowering, d: C.ScheduleDeclCstNode): Schedule {
  const cron = plainString(cx, d.children.string[0], "A schedule");
  const s: Mutable<Schedule> = { kind: "schedule", cron: cron.value.trim(), loc: cron.loc };
  if (d.children.string[1]) {
    const tz = plainString(cx, d.children.string[1], "A time zone");
    s.timezone = { name: tz.value, loc: tz.loc };
  }
  const conc = first(d.children.Identifier);
  if (conc !== undefined) {
    const v = concurrencyPolicy(conc.image);
    if (v === undefined) report(cx, M.scheduleConcurrency.at(tokenLoc(cx, conc), conc.image));
    else s.concurrency = v;
  }
  return reorder(s, ["kind", "cron", "timezone", "concurrency", "loc"]);
}

export function lowerStatement(
  cx: Lowering,
  s: C.StatementCstNode,
  scope: PipelineScope,
  names: StepNamer,
  serves: Serve[],
  lowerBlock: (stmts: readonly C.StatementCstNode[], sc: PipelineScope) => Node[],
): Node[] {
  const c = s.children;
  if (c.ifStatement) {
    const i = c.ifStatement[0].children;
    const branches: Branch[] = i.expression.map((e, idx) => ({
      condition: lowerExpr(cx, e, scope),
      body: lowerBlock(i.block[idx].children.statement ?? [], scope),
      loc: tokenLoc(cx, idx === 0 ? i.KwIf[0] : i.KwElif![idx - 1]),
    }));
    if (i.KwElse) {
      branches.push({ body: lowerBlock(i.block[i.expression.length].children.statement ?? [], scope), loc: tokenLoc(cx, i.KwElse[0]) });
    }
    return [{ kind: "condition", branches, loc: tokenLoc(cx, i.KwIf[0]) }];
  }
  if (c.forStatement) {
    const f = c.forStatement[0].children;
    const variable = f.Identifier[0].image;
    const loop: Mutable<Loop> = {
      kind: "loop",
      variable,
      items: lowerExpr(cx, f.expression[0], scope),
      body: lowerBlock(f.block[0].children.statement ?? [], { ...scope, loopVars: [...scope.loopVars, variable] }),
      loc: tokenLoc(cx, f.Identifier[0]),
    };
    if (f.scalar) {
      const n = scalarNumber(cx, f.scalar[0], "loop parallelism", true);
      if (n) loop.parallelism = n.value;
    }
    return [reorder(loop, ["kind", "variable", "items", "parallelism", "body", "loc"])];
  }
  if (c.serveDecl) {
    const serve = lowerServe(cx, c.serveDecl[0], scope);
    serves.push(serve);
    const deploy: Deploy = { kind: "deploy", name: serve.name, serve: serve.name, after: [], loc: serve.loc };
    return [deploy];
  }
  return [lowerStep(cx, c.stepStatement![0], scope, names)];
}

export function lowerStep(cx: Lowering, s: C.StepStatementCstNode, scope: PipelineScope, names: StepNamer): Step | Importer {
  const c = s.children;
  const name = names.nameOf(s);
  const nameToken = first(c.Identifier);
  const after = (c.afterClause?.[0].children.Identifier ?? []).map((t) => ({ step: t.image, loc: tokenLoc(cx, t) }));
  const items = c.stepBlock?.[0].children.stepItem ?? [];

  if (c.importerCall) {
    const imp = c.importerCall[0].children;
    const type = lowerType(cx, imp.typeRef[0]);
    if (type.kind !== "artifact") report(cx, M.importerNotArtifact.at(nodeLoc(cx, imp.typeRef[0])));
    let reimport = false;
    const metadata: { key: string; value: Expr; loc: Loc }[] = [];
    for (const item of items) {
      const ic = item.children;
      if (ic.KwReimport) reimport = true;
      else if (ic.KwMetadata) {
        for (const f of ic.struct![0].children.field ?? []) {
          const key = fieldKey(cx, f);
          metadata.push({ key: key.value, value: lowerExpr(cx, f.children.expression[0], scope), loc: key.loc });
        }
      } else report(cx, M.settingNotAllowed.at(nodeLoc(cx, item), firstTokenImage(item), "an importer"));
    }
    const importer: Importer = {
      kind: "importer",
      name,
      uri: lowerExpr(cx, imp.expression[0], scope),
      artifactType: type.kind === "artifact" ? type : { kind: "artifact", name: "Artifact" },
      reimport,
      metadata,
      after,
      loc: nameToken ? tokenLoc(cx, nameToken) : tokenLoc(cx, imp.KwImport[0]),
    };
    return importer;
  }

  const call = c.call![0];
  const callee = call.children.Identifier[0];
  const args: Argument[] = [];
  for (const a of call.children.callArg ?? []) {
    if (!a.children.Identifier) {
      report(cx, M.positionalStepArgument.at(nodeLoc(cx, a), callee.image));
      continue;
    }
    const id = a.children.Identifier[0];
    args.push({ name: id.image, value: lowerExpr(cx, a.children.expression[0], scope), loc: tokenLoc(cx, id) });
  }
  const settings = new SettingsBuilder(cx, "step");
  let ignoreUpstreamFailure = false;
  let displayName: string | undefined;
  for (const item of items) {
    const ic = item.children;
    if (ic.KwAlways) ignoreUpstreamFailure = true;
    else if (ic.KwDisplayName) displayName = plainString(cx, ic.string![0], "A display name").value;
    else if (ic.setting) settings.add(ic.setting[0]);
    else report(cx, M.settingNotAllowed.at(nodeLoc(cx, item), firstTokenImage(item), "a step (only importers take it)"));
  }
  const kind = callable(cx, callee);
  const step: Mutable<Step> = {
    kind: "step",
    name,
    call: { kind, name: callee.image, loc: tokenLoc(cx, callee) },
    arguments: args,
    after,
    settings: settings.build(),
    ignoreUpstreamFailure,
    loc: nameToken ? cx.lines.between(nameToken, call.children.RParen[0]) : nodeLoc(cx, call),
  };
  if (displayName !== undefined) step.displayName = displayName;
  return reorder(step, ["kind", "name", "call", "arguments", "after", "settings", "ignoreUpstreamFailure", "displayName", "loc"]);
}

/**
 * What a name calls. Unknown names are reported here, where every name the file can see (its own
 * and its imports', used or not) is known for the suggestion.
 */
export function callable(cx: Lowering, t: IToken): DeclKind {
  const kind = cx.lookup(t.image);
  if (kind !== undefined) return kind;
  if (cx.visible !== undefined) report(cx, M.unknownComponent.at(tokenLoc(cx, t), t.image, didYouMean(t.image, cx.visible())));
  return "component";
}
