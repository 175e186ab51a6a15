// Serve declarations (KServe): model, runtime, protocol, replicas, autoscaling, canary, transformer.

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import type { CommandItem, Loc, Serve } from "../../../ir/types.js";
import { type Lowering, type Mutable, type PipelineScope, tokenLoc, nodeLoc, report, firstTokenImage, imageOf, reorder } from "./context.js";
import { SettingsBuilder } from "./settings.js";
import { commandList, once } from "./components.js";
import { identifier, plainString, scalarNumber } from "./literals.js";
import { lowerExpr } from "./expressions.js";

export function lowerServe(cx: Lowering, d: C.ServeDeclCstNode, scope: PipelineScope | undefined): Serve {
  const { name, loc } = identifier(cx, d.children.Identifier);
  const settings = new SettingsBuilder(cx, "serve");
  const s: Partial<Mutable<Serve>> = {};
  for (const item of d.children.serveItem ?? []) {
    const c = item.children;
    if (c.KwModel) {
      const format = identifier(cx, c.Identifier);
      const model: Mutable<Serve["model"]> = {
        format: format.name,
        storage: lowerExpr(cx, c.expression![0], scope, "A model URI outside a pipeline"),
        loc: format.loc,
      };
      if (c.KwVersion) model.version = plainString(cx, c.string![0], "A model version").value;
      s.model = once(cx, s.model, c.KwModel[0], () => reorder(model, ["format", "version", "storage", "loc"]));
    } else if (c.KwRuntime) s.runtime = plainString(cx, c.string![0], "A runtime").value;
    else if (c.KwProtocol) {
      const p = plainString(cx, c.string![0], "A protocol");
      if (!["v1", "v2", "grpc-v2"].includes(p.value)) report(cx, M.serveProtocol.at(p.loc, p.value));
      else s.protocol = p.value as "v1";
    } else if (c.KwReplicas) {
      const min = scalarNumber(cx, c.scalar![0], "replica count", true);
      const max = c.DotDot ? scalarNumber(cx, c.scalar![1], "replica count", true) : min;
      if (min) s.minReplicas = min.value;
      if (max) s.maxReplicas = max.value;
    } else if (c.KwScale) {
      const metric = c.Identifier![0];
      const target = scalarNumber(cx, c.scalar![0], "scale target");
      if (!["concurrency", "rps", "cpu", "memory"].includes(metric.image)) {
        report(cx, M.scaleMetric.at(tokenLoc(cx, metric), metric.image));
      } else if (target) s.scale = { metric: metric.image as "cpu", target: target.value, loc: tokenLoc(cx, metric) };
    } else if (c.KwCanary) {
      const p = scalarNumber(cx, c.scalar![0], "canary percentage");
      if (p) s.canary = { percent: p.value, loc: cx.lines.between(c.KwCanary[0], c.Percent![0]) };
    } else if (c.KwMode) {
      const m = c.Identifier![0];
      const v = ({ serverless: "Serverless", raw: "RawDeployment", rawdeployment: "RawDeployment", modelmesh: "ModelMesh" } as const)[m.image.toLowerCase() as "raw"];
      if (v === undefined) report(cx, M.deploymentMode.at(tokenLoc(cx, m), m.image));
      else s.deploymentMode = v;
    } else if (c.KwTransformer) {
      s.transformer = lowerTransformer(cx, c.componentItem ?? [], tokenLoc(cx, c.KwTransformer[0]));
    } else if (c.setting) settings.add(c.setting[0]);
  }
  if (s.model === undefined) {
    report(cx, M.serveNoModel.at(loc, name, "'model sklearn from \"s3://…\"'"));
    s.model = { format: "", storage: { kind: "null", loc }, loc };
  }
  const serve = { kind: "serve", name, ...s, settings: settings.build(), loc } as Mutable<Serve>;
  return reorder(serve, ["kind", "name", "model", "runtime", "protocol", "minReplicas", "maxReplicas", "scale", "canary", "deploymentMode", "transformer", "settings", "loc"]);
}

export function lowerTransformer(cx: Lowering, items: readonly C.ComponentItemCstNode[], loc: Loc): Serve["transformer"] {
  const settings = new SettingsBuilder(cx, "transformer");
  let image: { ref: string; loc: Loc } | undefined;
  let command: CommandItem[] = [];
  let args: CommandItem[] = [];
  const none = { inputs: [], outputs: [] };
  for (const item of items) {
    const c = item.children;
    if (c.KwImage) image = imageOf(plainString(cx, c.string![0], "An image"));
    else if (c.KwRun) command = commandList(cx, c.commandList![0], none);
    else if (c.KwArgs) args = commandList(cx, c.commandList![0], none);
    else if (c.setting) settings.add(c.setting[0]);
    else report(cx, M.settingNotAllowed.at(nodeLoc(cx, item), firstTokenImage(item), "a transformer"));
  }
  if (image === undefined) {
    report(cx, M.missingImage.at(loc, "transformer"));
    image = { ref: "", loc };
  }
  return { image, command, args, settings: settings.build(), loc };
}
