// Settings blocks (`env`, `resources`, `volumes`, `retry`, `tolerations`, `affinity`,
// `securityContext`…): which owner takes which, and each setting's value.

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import { checkAffinityOperator, checkAffinityWeight, checkEmptyDirMedium, checkFlag, checkSecurityContextField, checkSecurityContextId, checkTolerationEffect, checkTolerationOperator } from "../../common/settings.js";
import { fieldPathProblem, numberText, parseDuration } from "../../common/values.js";
import { lowerDistributedFields, type DistributedField } from "../../common/distributed.js";
import type { AffinityTerm, Distributed, EnvVar, KeyValue, Loc, RequestLimit, Resources, Settings, Toleration, Volume } from "../../../ir/types.js";
import { type Lowering, type Mutable, tokenLoc, nodeLoc, report, simplePrimary, firstToken, joinLoc, reorder } from "./context.js";
import { fieldKey, literalText, lowerLiteral, plainString, scalarDuration, scalarNumber, scalarText } from "./literals.js";

/** Which settings each kind of owner accepts. */
const ALLOWED_SETTINGS: Record<string, ReadonlySet<string>> = {
  component: new Set(["env", "resources", "volumes", "retry", "timeout", "cache", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext", "distributed"]),
  step: new Set(["env", "resources", "volumes", "retry", "timeout", "cache", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext", "distributed"]),
  importer: new Set([]),
  pipeline: new Set(["cache", "labels", "annotations", "serviceAccount", "timeout", "imagePullSecrets"]),
  tune: new Set(["env", "resources", "volumes", "timeout", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext"]),
  serve: new Set(["env", "resources", "timeout", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext"]),
  transformer: new Set(["env", "resources"]),
};

const OWNER_DESCRIPTION: Record<string, string> = {
  component: "a component",
  step: "a step",
  importer: "an importer",
  pipeline: "a pipeline (set it on its steps or components)",
  tune: "a tune",
  serve: "a serve",
  transformer: "a transformer",
};

export function keyValues(cx: Lowering, s: C.StructCstNode, what: string): KeyValue[] {
  return (s.children.field ?? []).flatMap((f) => {
    const key = fieldKey(cx, f);
    const value = literalText(cx, f.children.expression[0], `The value of '${key.value}' in ${what}`);
    return value === undefined ? [] : [{ key: key.value, value, loc: key.loc }];
  });
}

export function lowerEnv(cx: Lowering, s: C.StructCstNode): EnvVar[] {
  const out: EnvVar[] = [];
  for (const f of s.children.field ?? []) {
    const key = fieldKey(cx, f);
    const call = simplePrimary(f.children.expression[0])?.children.call?.[0];
    if (call !== undefined) {
      const fn = call.children.Identifier[0].image;
      if (fn === "fieldPath") {
        const [path] = callStrings(cx, call, 1, fn) ?? [];
        const problem = path === undefined ? undefined : fieldPathProblem(path);
        if (problem !== undefined) report(cx, M.invalidFieldPath.at(nodeLoc(cx, call), problem));
        else if (path !== undefined) out.push({ kind: "env", name: key.value, source: { kind: "fieldPath", fieldPath: path }, loc: key.loc });
        continue;
      }
      const strings = callStrings(cx, call, 2, fn);
      if (fn === "secret" && strings) out.push({ kind: "env", name: key.value, source: { kind: "secret", secret: strings[0], key: strings[1] }, loc: key.loc });
      else if ((fn === "configMap" || fn === "configmap") && strings) out.push({ kind: "env", name: key.value, source: { kind: "configMap", configMap: strings[0], key: strings[1] }, loc: key.loc });
      else if (fn !== "secret" && fn !== "configMap" && fn !== "configmap") {
        report(cx, M.unknownFunction.at(tokenLoc(cx, call.children.Identifier[0]), fn, "secret(name, key), configMap(name, key) or fieldPath(path)"));
      }
      continue;
    }
    const value = lowerLiteral(cx, f.children.expression[0], `The value of environment variable '${key.value}'`);
    if (value.kind === "string" || value.kind === "number" || value.kind === "bool") {
      const text = value.kind === "string" ? value.value : value.kind === "number" ? numberText(value.value) : String(value.value);
      out.push({ kind: "env", name: key.value, source: { kind: "value", value: { kind: "string", value: text, loc: value.loc } }, loc: key.loc });
    } else if (value.kind !== "null") {
      report(cx, M.expectedLiteral.at(value.loc, `The value of environment variable '${key.value}'`));
    }
  }
  return out;
}

/** Positional string arguments of a settings function (`secret("name", "key")`). */
export function callStrings(cx: Lowering, call: C.CallCstNode, count: number, fn: string): string[] | undefined {
  const args = (call.children.callArg ?? []).filter((a) => !a.children.Identifier);
  if (args.length !== count) {
    report(cx, M.functionArgumentCount.at(nodeLoc(cx, call), fn, count, count === 1 ? "argument" : "arguments"));
    return undefined;
  }
  const values = args.map((a) => literalText(cx, a.children.expression[0], `An argument of ${fn}()`));
  return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

export function namedCallArgs(cx: Lowering, call: C.CallCstNode): Map<string, { expr: C.ExpressionCstNode; loc: Loc }> {
  const named = new Map<string, { expr: C.ExpressionCstNode; loc: Loc }>();
  for (const a of call.children.callArg ?? []) {
    if (a.children.Identifier) named.set(a.children.Identifier[0].image, { expr: a.children.expression[0], loc: tokenLoc(cx, a.children.Identifier[0]) });
  }
  return named;
}

export function lowerVolumes(cx: Lowering, s: C.StructCstNode): Volume[] {
  const out: Volume[] = [];
  for (const f of s.children.field ?? []) {
    const mount = fieldKey(cx, f);
    const call = simplePrimary(f.children.expression[0])?.children.call?.[0];
    const where = "pvc(claim), emptyDir(), secret(name) or configMap(name)";
    if (call === undefined) {
      report(cx, M.invalidVolumeSource.at(nodeLoc(cx, f.children.expression[0]), mount.value, where));
      continue;
    }
    const fnToken = call.children.Identifier[0];
    const fn = fnToken.image;
    const named = namedCallArgs(cx, call);
    const positional = (call.children.callArg ?? []).filter((a) => !a.children.Identifier);
    const flag = (name: string): boolean => {
      const a = named.get(name);
      if (a === undefined) return false;
      const v = lowerLiteral(cx, a.expr, `'${name}'`);
      const problem = checkFlag(`'${name}'`, v.kind === "bool" ? v.value : undefined, v.loc);
      if (problem !== undefined) {
        report(cx, problem);
        return false;
      }
      return v.kind === "bool" && v.value;
    };
    const checkNamed = (allowed: string[]) => {
      for (const [name, a] of named) {
        if (!allowed.includes(name)) report(cx, M.unknownFunctionArgument.at(a.loc, name, fn, allowed.length ? allowed.join(", ") : "no named arguments"));
      }
    };
    const nameArg = (): string | undefined => {
      if (positional.length !== 1) {
        report(cx, M.functionNameArgument.at(nodeLoc(cx, call), fn));
        return undefined;
      }
      return literalText(cx, positional[0].children.expression[0], `The name in ${fn}()`);
    };
    const loc = mount.loc;
    if (fn === "pvc") {
      checkNamed(["readOnly"]);
      const claim = nameArg();
      if (claim !== undefined) out.push({ kind: "volume", mountPath: mount.value, source: { kind: "pvc", claim, readOnly: flag("readOnly") }, loc });
    } else if (fn === "emptyDir") {
      checkNamed(["medium", "size"]);
      if (positional.length > 0) report(cx, M.emptyDirArgument.at(nodeLoc(cx, call)));
      const source: { kind: "emptyDir"; medium?: "Memory"; sizeLimit?: { value: string; loc: Loc } } = { kind: "emptyDir" };
      const medium = named.get("medium");
      if (medium) {
        const m = literalText(cx, medium.expr, "medium");
        const problem = m === undefined ? undefined : checkEmptyDirMedium(m, medium.loc);
        if (problem !== undefined) report(cx, problem);
        else if (m === "Memory") source.medium = "Memory";
      }
      const size = named.get("size");
      if (size) {
        const v = literalText(cx, size.expr, "size");
        if (v !== undefined) source.sizeLimit = { value: v, loc: nodeLoc(cx, size.expr) };
      }
      out.push({ kind: "volume", mountPath: mount.value, source, loc });
    } else if (fn === "secret") {
      checkNamed(["optional"]);
      const secret = nameArg();
      if (secret !== undefined) out.push({ kind: "volume", mountPath: mount.value, source: { kind: "secret", secret, optional: flag("optional") }, loc });
    } else if (fn === "configMap" || fn === "configmap") {
      checkNamed(["optional"]);
      const configMap = nameArg();
      if (configMap !== undefined) out.push({ kind: "volume", mountPath: mount.value, source: { kind: "configMap", configMap, optional: flag("optional") }, loc });
    } else {
      report(cx, M.unknownFunction.at(tokenLoc(cx, fnToken), fn, where));
    }
  }
  return out;
}

/** Elements of a list that must each be a struct (`tolerations [{ … }]`). */
export function structItems(cx: Lowering, l: C.ListCstNode, what: string): C.StructCstNode[] {
  const out: C.StructCstNode[] = [];
  for (const e of l.children.expression ?? []) {
    const s = simplePrimary(e)?.children.struct?.[0];
    if (s === undefined) report(cx, M.settingItemNotStruct.at(nodeLoc(cx, e), what));
    else out.push(s);
  }
  return out;
}

export function structFields(cx: Lowering, s: C.StructCstNode, what: string, allowed: readonly string[]): Map<string, { expr: C.ExpressionCstNode; loc: Loc }> {
  const fields = new Map<string, { expr: C.ExpressionCstNode; loc: Loc }>();
  for (const f of s.children.field ?? []) {
    const key = fieldKey(cx, f);
    if (!allowed.includes(key.value)) {
      report(cx, M.unknownSetting.at(key.loc, "field", key.value, ` of ${what}`, didYouMean(key.value, allowed)));
      continue;
    }
    fields.set(key.value, { expr: f.children.expression[0], loc: key.loc });
  }
  return fields;
}

export function lowerTolerations(cx: Lowering, l: C.ListCstNode): Toleration[] {
  const out: Toleration[] = [];
  for (const s of structItems(cx, l, "toleration")) {
    const f = structFields(cx, s, "a toleration", ["key", "operator", "value", "effect", "seconds"]);
    const text = (k: string) => (f.has(k) ? literalText(cx, f.get(k)!.expr, `'${k}'`) : undefined);
    const loc = nodeLoc(cx, s);
    const t: Mutable<Toleration> = { kind: "toleration", operator: "Equal", loc };
    const key = text("key");
    const value = text("value");
    const operator = text("operator") ?? (value === undefined ? "Exists" : "Equal");
    const badOperator = f.has("operator") ? checkTolerationOperator(operator, f.get("operator")!.loc) : undefined;
    if (badOperator !== undefined) report(cx, badOperator);
    const effect = text("effect");
    const badEffect = effect === undefined ? undefined : checkTolerationEffect(effect, f.get("effect")!.loc);
    if (badEffect !== undefined) report(cx, badEffect);
    if (key !== undefined) t.key = key;
    t.operator = operator === "Equal" ? "Equal" : "Exists";
    if (value !== undefined) t.value = value;
    if (effect !== undefined && badEffect === undefined) t.effect = effect as Toleration["effect"];
    const seconds = text("seconds");
    if (seconds !== undefined) {
      const n = parseDuration(seconds);
      if (n === undefined) report(cx, M.invalidDuration.at(f.get("seconds")!.loc, seconds));
      else t.tolerationSeconds = n;
    }
    out.push(reorder(t, ["kind", "key", "operator", "value", "effect", "tolerationSeconds", "loc"]));
  }
  return out;
}

export function lowerAffinity(cx: Lowering, l: C.ListCstNode): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const s of structItems(cx, l, "affinity term")) {
    const f = structFields(cx, s, "an affinity term", ["key", "operator", "values", "weight"]);
    const loc = nodeLoc(cx, s);
    const key = f.has("key") ? literalText(cx, f.get("key")!.expr, "'key'") : undefined;
    if (key === undefined) {
      // A key that is not a literal is reported by literalText already.
      if (!f.has("key")) report(cx, M.affinityNoKey.at(loc));
      continue;
    }
    const operator = f.has("operator") ? literalText(cx, f.get("operator")!.expr, "'operator'") : "In";
    if (operator === undefined) continue;
    const badOperator = checkAffinityOperator(operator, f.get("operator")?.loc ?? loc);
    if (badOperator !== undefined) {
      report(cx, badOperator);
      continue;
    }
    const values: string[] = [];
    const vs = f.get("values");
    if (vs) {
      const v = lowerLiteral(cx, vs.expr, "'values'");
      if (v.kind === "list") {
        for (const item of v.items) {
          if (item.kind === "string") values.push(item.value);
          else if (item.kind === "number") values.push(numberText(item.value));
          else report(cx, M.expectedLiteral.at(item.loc, "An affinity value"));
        }
      } else report(cx, M.affinityValues.at(v.loc));
    }
    const term: Mutable<AffinityTerm> = { kind: "affinity", key, operator: operator as AffinityTerm["operator"], values, loc };
    const w = f.get("weight");
    if (w) {
      const v = lowerLiteral(cx, w.expr, "'weight'");
      const problem = checkAffinityWeight(v.kind === "number" ? v.value : undefined, v.loc);
      if (problem !== undefined) report(cx, problem);
      else if (v.kind === "number") term.weight = v.value;
    }
    out.push(reorder(term, ["kind", "key", "operator", "values", "weight", "loc"]));
  }
  return out;
}

/** `securityContext { runAsUser: 65534, runAsGroup: 0, runAsNonRoot: true }`. */
export function lowerSecurityContext(cx: Lowering, s: C.StructCstNode, loc: Loc): Settings["securityContext"] {
  const out: Mutable<NonNullable<Settings["securityContext"]>> = { loc };
  let ok = true;
  for (const f of s.children.field ?? []) {
    const key = fieldKey(cx, f);
    const value = lowerLiteral(cx, f.children.expression[0], `The value of '${key.value}' in the security context`);
    const problem =
      key.value === "runAsUser" || key.value === "runAsGroup"
        ? checkSecurityContextId(key.value, value.kind === "number" ? value.value : undefined, value.loc)
        : key.value === "runAsNonRoot"
          ? checkFlag(key.value, value.kind === "bool" ? value.value : undefined, value.loc)
          : checkSecurityContextField(key.value, key.loc);
    if (problem !== undefined) {
      report(cx, problem);
      ok = false;
    } else if (key.value === "runAsNonRoot" && value.kind === "bool") out.runAsNonRoot = value.value;
    else if ((key.value === "runAsUser" || key.value === "runAsGroup") && value.kind === "number") out[key.value] = value.value;
  }
  return ok ? reorder(out, ["runAsUser", "runAsGroup", "runAsNonRoot", "loc"]) : undefined;
}

export function stringList(cx: Lowering, l: C.ListCstNode, what: string): { name: string; loc: Loc }[] {
  return (l.children.expression ?? []).flatMap((e) => {
    const v = literalText(cx, e, what);
    return v === undefined ? [] : [{ name: v, loc: nodeLoc(cx, e) }];
  });
}

export function lowerResources(cx: Lowering, items: readonly C.ResourceItemCstNode[], loc: Loc): Resources {
  const r: Mutable<Resources> = { kind: "resources", loc };
  for (const item of items) {
    const c = item.children;
    const kw = c.KwCpu?.[0] ?? c.KwMemory?.[0] ?? c.KwEphemeralStorage?.[0] ?? c.KwGpu![0];
    const field = kw.image as "cpu" | "memory" | "ephemeralStorage" | "gpu";
    if (r[field] !== undefined) {
      report(cx, M.duplicateSetting.at(tokenLoc(cx, kw), kw.image));
      continue;
    }
    if (field === "gpu") {
      const count = scalarNumber(cx, c.scalar![0], "GPU count", true);
      if (count === undefined) continue;
      const gpu: { count: number; type?: string; mig?: string; loc: Loc } = { count: count.value, loc: cx.lines.between(kw, kw) };
      if (c.string) gpu.type = plainString(cx, c.string[0], "A GPU type").value;
      if (c.migProfile) gpu.mig = plainString(cx, c.migProfile[0], "A MIG profile").value;
      r.gpu = reorder(gpu, ["count", "type", "mig", "loc"]);
      continue;
    }
    const first = scalarText(cx, c.scalar![0], `A ${kw.image} quantity`);
    const request = c.limitOnly ? undefined : first;
    const limit = c.limitOnly ? first : c.DotDot ? scalarText(cx, c.scalar![1], `A ${kw.image} quantity`) : request;
    const rl: Mutable<RequestLimit> = {};
    if (request) rl.request = request;
    if (limit) rl.limit = limit;
    r[field] = rl;
  }
  return reorder(r, ["kind", "cpu", "memory", "ephemeralStorage", "gpu", "loc"]);
}

export function lowerRetry(cx: Lowering, c: C.SettingCstChildren, loc: Loc): Settings["retry"] {
  const s = c.scalar!;
  const limit = scalarNumber(cx, s[0], "retry count", true);
  if (limit === undefined) return undefined;
  const retry: Mutable<NonNullable<Settings["retry"]>> = { kind: "retry", limit: limit.value, loc };
  let i = 1;
  if (c.KwBackoff) {
    const b = scalarDuration(cx, s[i++], "retry backoff");
    if (b) retry.backoffSeconds = b.seconds;
    if (c.KwFactor) {
      const f = scalarNumber(cx, s[i++], "backoff factor");
      if (f) retry.factor = f.value;
    }
    if (c.KwMax) {
      const m = scalarDuration(cx, s[i++], "maximum backoff");
      if (m) retry.maxBackoffSeconds = m.seconds;
    }
  }
  return reorder(retry, ["kind", "limit", "backoffSeconds", "factor", "maxBackoffSeconds", "loc"]);
}

/** Collects settings of one owner, reporting duplicates and settings the owner does not take. */
export class SettingsBuilder {
  private readonly s: Mutable<Settings> = {};

  constructor(
    private readonly cx: Lowering,
    private readonly owner: keyof typeof ALLOWED_SETTINGS,
  ) {}

  add(setting: C.SettingCstNode): void {
    const c = setting.children;
    const kw = firstToken(setting);
    const name = kw.image;
    if (!ALLOWED_SETTINGS[this.owner].has(name)) {
      report(this.cx, M.settingNotAllowed.at(tokenLoc(this.cx, kw), name, OWNER_DESCRIPTION[this.owner]));
      return;
    }
    const field = name === "cache" ? "caching" : (name as keyof Settings);
    if (this.s[field] !== undefined || (name === "cache" && this.s.cacheMaxAge !== undefined)) {
      report(this.cx, M.duplicateSetting.at(tokenLoc(this.cx, kw), name));
      return;
    }
    const loc = tokenLoc(this.cx, kw);
    const cx = this.cx;
    switch (name) {
      case "env": this.s.env = lowerEnv(cx, c.struct![0]); break;
      case "resources": this.s.resources = lowerResources(cx, c.resourceItem ?? [], loc); break;
      case "volumes": this.s.volumes = lowerVolumes(cx, c.struct![0]); break;
      case "retry": { const r = lowerRetry(cx, c, loc); if (r) this.s.retry = r; break; }
      case "timeout": { const d = scalarDuration(cx, c.scalar![0], "timeout"); if (d) this.s.timeout = d; break; }
      case "cache": this.lowerCache(c, loc); break;
      case "nodeSelector": this.s.nodeSelector = keyValues(cx, c.struct![0], "the node selector"); break;
      case "tolerations": this.s.tolerations = lowerTolerations(cx, c.list![0]); break;
      case "affinity": this.s.affinity = lowerAffinity(cx, c.list![0]); break;
      case "labels": this.s.labels = keyValues(cx, c.struct![0], "labels"); break;
      case "annotations": this.s.annotations = keyValues(cx, c.struct![0], "annotations"); break;
      case "serviceAccount": { const v = plainString(cx, c.string![0], "A service account"); this.s.serviceAccount = { name: v.value, loc: v.loc }; break; }
      case "imagePullSecrets": this.s.imagePullSecrets = stringList(cx, c.list![0], "An image pull secret"); break;
      case "securityContext": { const sc = lowerSecurityContext(cx, c.struct![0], loc); if (sc) this.s.securityContext = sc; break; }
      case "distributed": this.s.distributed = lowerDistributed(cx, c.distributedItem ?? [], loc); break;
    }
  }

  /** `cache on|off`, with or without `maxAge "24h"`, or `cache maxAge "24h"` alone. */
  private lowerCache(c: C.SettingCstChildren, loc: Loc): void {
    if (c.KwOn !== undefined || c.KwOff !== undefined) this.s.caching = { value: c.KwOn !== undefined, loc };
    if (c.KwMaxAge === undefined) return;
    const age = scalarDuration(this.cx, c.scalar![0], "cache maxAge");
    if (age) this.s.cacheMaxAge = age;
  }

  build(): Settings {
    return reorder(this.s, SETTINGS_ORDER);
  }
}

/** The IR's key order for settings, shared with the builder front end. */
export const SETTINGS_ORDER: readonly (keyof Settings)[] = [
  "env", "resources", "volumes", "retry", "timeout", "caching", "cacheMaxAge", "nodeSelector", "tolerations", "affinity",
  "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext", "distributed",
];

/** `distributed { nodes 4  procsPerNode 8  job pytorchjob  elastic 2 .. 8 }`: see `lowerDistributedFields`. */
function lowerDistributed(cx: Lowering, items: readonly C.DistributedItemCstNode[], loc: Loc): Distributed {
  const value = (s: C.ScalarCstNode): string | number | undefined => {
    const c = s.children;
    if (c.string) return plainString(cx, c.string[0], "A distributed setting").value;
    if (c.NumberLiteral) return Number(c.NumberLiteral[0].image) * (c.Minus ? -1 : 1);
    // A bare word (`job pytorchjob`, `restart onFailure`) is text.
    return c.reference?.[0].children.Identifier.map((t) => t.image).join(".");
  };
  const fields: DistributedField[] = items.map((item) => {
    const c = item.children;
    const [first, second] = c.scalar;
    const v = c.DotDot ? { min: value(first!), max: second ? value(second) : undefined } : value(first!);
    return { name: c.Identifier[0].image, value: v, nameLoc: tokenLoc(cx, c.Identifier[0]), loc: c.DotDot && second ? joinLoc(nodeLoc(cx, first!), nodeLoc(cx, second)) : nodeLoc(cx, first!) };
  });
  return lowerDistributedFields(fields, loc, cx.diagnostics);
}
