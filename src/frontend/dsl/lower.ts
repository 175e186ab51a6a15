import type { CstNode, IToken } from "chevrotain";
import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import {
  ARTIFACT_TYPE_NAMES,
  PARAM_TYPE_NAMES,
  type AffinityTerm,
  type Argument,
  type ArtifactTypeName,
  type Branch,
  type CommandItem,
  type Component,
  type Deploy,
  type EnvVar,
  type Expr,
  type Importer,
  type Input,
  type KeyValue,
  type Loc,
  type Loop,
  type Node,
  type Output,
  type OutputRef,
  type Param,
  type ParamTypeName,
  type Pipeline,
  type PipelineOutput,
  type Placeholder,
  type RequestLimit,
  type Resources,
  type Schedule,
  type SearchParam,
  type Serve,
  type Settings,
  type Step,
  type Text,
  type Toleration,
  type Tune,
  type Type,
  type Volume,
} from "../../ir/types.js";
import type * as C from "../../syntax/cst.generated.js";
import type { LineMap } from "../../syntax/line-map.js";
import { decodeString, type StringPiece } from "./strings.js";
import { nameAnonymous } from "../common/naming.js";
import { artifactRootProblem, fieldPathProblem, numberText, parseDuration } from "../common/values.js";

/** What a top-level name refers to, as far as a step call is concerned. */
export type DeclKind = "component" | "pipeline";

/** Lowered declarations of one file. Pipelines may define serves inline (deployed from the pipeline). */
export interface LoweredFile {
  readonly components: Component[];
  readonly pipelines: Pipeline[];
  readonly tunes: Tune[];
  readonly serves: Serve[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Which settings each kind of owner accepts. */
const ALLOWED_SETTINGS: Record<string, ReadonlySet<string>> = {
  component: new Set(["env", "resources", "volumes", "retry", "timeout", "cache", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext"]),
  step: new Set(["env", "resources", "volumes", "retry", "timeout", "cache", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext"]),
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

/** Names visible in a pipeline expression. */
interface PipelineScope {
  readonly params: ReadonlySet<string>;
  readonly steps: ReadonlySet<string>;
  readonly loopVars: readonly string[];
}

function first<T>(xs: readonly T[] | undefined): T | undefined {
  return xs === undefined ? undefined : xs[0];
}


/**
 * Lowers the declarations of one parsed file to the IR. Names of components and pipelines are
 * resolved through `lookup` (the file's own declarations and its imports); names inside pipelines
 * are classified by scope (loop variable, parameter, step). Unknown names still produce IR nodes —
 * the validation rules report them with suggestions — but malformed constructs (a list where a
 * quantity belongs, an unknown type) are reported here.
 */
export class FileLowering {
  constructor(
    private readonly lines: LineMap,
    private readonly lookup: (name: string) => DeclKind | undefined,
    private readonly diagnostics: Diagnostic[],
    /**
     * Every component and pipeline name this file can call, for suggestions; undefined when an import
     * failed, so that unknown names (probably declared in the missing file) are not reported.
     */
    private readonly visible?: () => Iterable<string>,
  ) {}

  lowerFile(files: readonly C.FileCstNode[]): LoweredFile {
    const out: LoweredFile = { components: [], pipelines: [], tunes: [], serves: [] };
    for (const f of files) {
      for (const top of f.children.topLevel ?? []) {
        const c = top.children;
        if (c.componentDecl) out.components.push(this.component(c.componentDecl[0]));
        else if (c.pipelineDecl) out.pipelines.push(this.pipeline(c.pipelineDecl[0], out.serves));
        else if (c.tuneDecl) out.tunes.push(this.tune(c.tuneDecl[0]));
        else if (c.serveDecl) out.serves.push(this.serve(c.serveDecl[0], undefined));
      }
    }
    return out;
  }

  private loc(t: IToken): Loc {
    return this.lines.of(t);
  }

  private report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  // -- strings and literals --------------------------------------------------------------------------

  private pieces(s: C.StringCstNode): { token: IToken; pieces: StringPiece[] } {
    const token = first(s.children.StringLiteral) ?? first(s.children.TripleString)!;
    return { token, pieces: decodeString(token, this.lines, this.diagnostics) };
  }

  /** A string without interpolation. */
  private plainString(s: C.StringCstNode, what: string): { value: string; loc: Loc } {
    const { token, pieces } = this.pieces(s);
    const loc = this.loc(token);
    if (pieces.some((p) => p.kind === "ref")) {
      this.report(M.expectedLiteral.at(loc, what));
    }
    return { value: pieces.map((p) => (p.kind === "text" ? p.value : "")).join(""), loc };
  }

  /** A scalar setting value as text (numbers printed as Kubernetes writes them). */
  private scalarText(s: C.ScalarCstNode, what: string): { value: string; loc: Loc } | undefined {
    const c = s.children;
    if (c.string) return this.plainString(c.string[0], what);
    const loc = this.nodeLoc(s);
    if (c.NumberLiteral) {
      const n = Number(c.NumberLiteral[0].image) * (c.Minus ? -1 : 1);
      return { value: numberText(n), loc };
    }
    this.report(M.expectedLiteral.at(loc, what));
    return undefined;
  }

  private scalarNumber(s: C.ScalarCstNode, what: string, integer = false): { value: number; loc: Loc } | undefined {
    const c = s.children;
    const loc = this.nodeLoc(s);
    if (c.NumberLiteral) {
      const n = Number(c.NumberLiteral[0].image) * (c.Minus ? -1 : 1);
      if (integer && !Number.isInteger(n)) {
        this.report(M.notWholeNumber.at(loc, what));
        return undefined;
      }
      return { value: n, loc };
    }
    this.report(M.notANumber.at(loc, what));
    return undefined;
  }

  private scalarDuration(s: C.ScalarCstNode, what: string): { seconds: number; loc: Loc } | undefined {
    const t = this.scalarText(s, what);
    if (t === undefined) return undefined;
    const seconds = parseDuration(t.value);
    if (seconds === undefined) {
      this.report(M.invalidDuration.at(t.loc, t.value));
      return undefined;
    }
    return { seconds, loc: t.loc };
  }

  private identifier(tokens: IToken[] | undefined, index = 0): { name: string; loc: Loc } {
    const t = tokens![index];
    return { name: t.image, loc: this.loc(t) };
  }

  // -- types -----------------------------------------------------------------------------------------

  private type(t: C.TypeRefCstNode): Type {
    const id = t.children.Identifier[0];
    const name = id.image;
    const inner = first(t.children.typeRef);
    if ((PARAM_TYPE_NAMES as readonly string[]).includes(name)) {
      if (inner !== undefined) {
        if (name !== "List") {
          this.report(M.typeArgumentNotList.at(this.loc(id), name));
          return { kind: "param", name: name as ParamTypeName };
        }
        const items = this.type(inner);
        if (items.kind !== "param") {
          this.report(M.listItemArtifact.at(this.nodeLoc(inner)));
        }
        return { kind: "param", name: "List", items };
      }
      return { kind: "param", name: name as ParamTypeName };
    }
    if (inner !== undefined) this.report(M.typeArgumentNotList.at(this.loc(id), name));
    if ((ARTIFACT_TYPE_NAMES as readonly string[]).includes(name)) return { kind: "artifact", name: name as ArtifactTypeName };
    if (name === "Status") return { kind: "status" };
    this.report(M.unknownType.at(this.loc(id), name, didYouMean(name, [...PARAM_TYPE_NAMES, ...ARTIFACT_TYPE_NAMES, "Status"])));
    return { kind: "param", name: "String" };
  }

  // -- components ------------------------------------------------------------------------------------

  private component(d: C.ComponentDeclCstNode): Component {
    const { name, loc } = this.identifier(d.children.Identifier);
    const inputs: Input[] = [];
    const outputs: Output[] = [];
    let description: string | undefined;
    let image: { ref: string; loc: Loc } | undefined;
    let runItems: C.CommandListCstNode | undefined;
    let argItems: C.CommandListCstNode | undefined;
    let sideEffects = false;
    const settings = new SettingsBuilder(this, "component");
    for (const item of d.children.componentItem ?? []) {
      const c = item.children;
      if (c.descriptionItem) description = this.plainString(c.descriptionItem[0].children.string[0], "A description").value;
      else if (c.KwImage) image = this.once(image, c.KwImage[0], () => imageOf(this.plainString(c.string![0], "An image")));
      else if (c.inputDecl) inputs.push(this.input(c.inputDecl[0]));
      else if (c.outputDecl) {
        const o = c.outputDecl[0];
        const id = this.identifier(o.children.Identifier);
        if (o.children.expression) this.report(M.componentOutputValue.at(this.nodeLoc(o.children.expression[0]), id.name));
        outputs.push({ kind: "output", name: id.name, type: this.type(o.children.typeRef[0]), loc: id.loc });
      } else if (c.KwRun) runItems = this.once(runItems, c.KwRun[0], () => c.commandList![0]);
      else if (c.KwArgs) argItems = this.once(argItems, c.KwArgs[0], () => c.commandList![0]);
      else if (c.KwSideEffects) sideEffects = true;
      else if (c.setting) settings.add(c.setting[0]);
    }
    if (image === undefined) {
      this.report(M.missingImage.at(loc, name));
      image = { ref: "", loc };
    }
    const io = { inputs, outputs };
    const component: Mutable<Component> = {
      kind: "component",
      name,
      image,
      inputs,
      outputs,
      command: runItems ? this.commandList(runItems, io) : [],
      args: argItems ? this.commandList(argItems, io) : [],
      settings: settings.build(),
      sideEffects,
      loc,
    };
    if (description !== undefined) component.description = description;
    return reorder(component, ["kind", "name", "description", "image", "inputs", "outputs", "command", "args", "settings", "sideEffects", "loc"]);
  }

  /** Reports a second occurrence of a single-valued item and keeps the first. */
  private once<T>(existing: T | undefined, keyword: IToken, make: () => T): T {
    if (existing !== undefined) {
      this.report(M.duplicateSetting.at(this.loc(keyword), keyword.image));
      return existing;
    }
    return make();
  }

  private input(d: C.InputDeclCstNode): Input {
    const id = this.identifier(d.children.Identifier);
    const type = this.type(d.children.typeRef[0]);
    const input: Mutable<Input> = { kind: "input", name: id.name, type, optional: d.children.Question !== undefined, loc: id.loc };
    const def = first(d.children.expression);
    if (def !== undefined) input.default = this.literal(def, `The default of '${id.name}'`);
    return reorder(input, ["kind", "name", "type", "default", "optional", "loc"]);
  }

  private commandList(list: C.CommandListCstNode, io: { inputs: readonly Input[]; outputs: readonly Output[] }): CommandItem[] {
    const items: CommandItem[] = [];
    for (const item of list.children.commandItem ?? []) {
      const c = item.children;
      const loc = this.nodeLoc(item);
      if (c.KwIf) {
        const lists = c.commandList!;
        items.push({
          kind: "ifPresent",
          input: c.Identifier![0].image,
          then: this.commandList(lists[0], io),
          otherwise: lists[1] ? this.commandList(lists[1], io) : [],
          loc,
        });
        continue;
      }
      const primary = simplePrimary(c.expression![0]);
      if (primary === undefined) {
        this.report(M.invalidCommandElement.at(loc));
        continue;
      }
      const p = primary.children;
      if (p.string) {
        const { pieces } = this.pieces(p.string[0]);
        const parts: (Text | Placeholder)[] = pieces.map((piece) =>
          piece.kind === "text" ? { kind: "text", value: piece.value, loc: piece.loc } : this.placeholder(piece.path, piece.loc, io),
        );
        items.push({ kind: "arg", parts: parts.length > 0 ? parts : [{ kind: "text", value: "", loc }], loc });
      } else if (p.NumberLiteral) {
        // Numbers are written as the builder writes them (`1.50` → `1.5`, `2e-4` → `0.0002`), so that both
        // front ends give the same command line; a spelling that matters belongs in a string.
        const value = Number(p.NumberLiteral[0].image) * (primary.sign ? -1 : 1);
        items.push({ kind: "arg", parts: [{ kind: "text", value: numberText(value), loc }], loc });
      } else if (p.KwTrue || p.KwFalse) {
        items.push({ kind: "arg", parts: [{ kind: "text", value: p.KwTrue ? "true" : "false", loc }], loc });
      } else if (p.reference) {
        const path = p.reference[0].children.Identifier.map((t) => t.image);
        items.push({ kind: "arg", parts: [this.placeholder(path, loc, io)], loc });
      } else {
        this.report(M.invalidCommandElement.at(loc));
      }
    }
    return items;
  }

  private placeholder(path: readonly string[], loc: Loc, io: { inputs: readonly Input[]; outputs: readonly Output[] }): Placeholder {
    const [name, prop] = path;
    const isOutput = !io.inputs.some((i) => i.name === name) && io.outputs.some((o) => o.name === name);
    if (path.length > 2) {
      this.report(M.invalidPlaceholder.at(loc, path.join("."), "write a name or name.path, name.uri or name.metadata"));
    }
    if (prop === undefined) {
      if (isOutput) this.report(M.invalidPlaceholder.at(loc, name, `an output is written to a file; write '${name}.path'`));
      return { kind: "placeholder", ref: isOutput ? "outputPath" : "inputValue", name, loc };
    }
    const byProp: Record<string, [Placeholder["ref"], Placeholder["ref"]]> = {
      path: ["inputPath", "outputPath"],
      uri: ["inputUri", "outputUri"],
      metadata: ["inputMetadata", "outputMetadata"],
    };
    const refs = byProp[prop];
    if (refs === undefined) {
      this.report(M.invalidPlaceholder.at(loc, path.join("."), `'${prop}' is not a property; use path, uri or metadata${didYouMean(prop, Object.keys(byProp))}`));
      return { kind: "placeholder", ref: isOutput ? "outputPath" : "inputPath", name, loc };
    }
    return { kind: "placeholder", ref: isOutput ? refs[1] : refs[0], name, loc };
  }

  // -- expressions -----------------------------------------------------------------------------------

  /** A literal value (defaults, tune inputs): references are not allowed. */
  private literal(e: C.ExpressionCstNode, what: string): Expr {
    return this.expr(e, undefined, what);
  }

  /**
   * Lowers an expression. With `scope` undefined, only literals are allowed (`what` names the value
   * for the error). The parser reads operators flat; precedence is applied here, by precedence
   * climbing: or < and < not < comparisons < unary minus.
   */
  private expr(e: C.ExpressionCstNode, scope: PipelineScope | undefined, what = "This value"): Expr {
    const operands = e.children.operand;
    const ops = (e.children.binaryOp ?? []).map((o) => firstToken(o));
    const prefixes = operands.map((o) => [...(o.children.KwNot ?? []), ...(o.children.Minus ?? [])].sort((a, b) => a.startOffset - b.startOffset));
    const used = operands.map(() => 0);
    let k = 0; // operands consumed
    const PREC: Record<string, number> = { or: 1, and: 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4 };
    const NOT = 3;

    const unary = (): Expr => {
      const pre = prefixes[k];
      if (used[k] < pre.length) {
        const p = pre[used[k]++];
        if (p.image === "not") {
          const operand = climb(NOT);
          return { kind: "not", operand, loc: joinLoc(this.loc(p), operand.loc) };
        }
        const value = unary();
        const loc = joinLoc(this.loc(p), value.loc);
        if (value.kind !== "number") {
          this.report(M.negatedNonNumber.at(loc));
          return value;
        }
        return { kind: "number", value: -value.value, loc };
      }
      return this.primary(operands[k++].children.primary[0], scope, what);
    };

    const climb = (minPrec: number): Expr => {
      let left = unary();
      let comparedHere = false;
      while (k - 1 < ops.length) {
        const op = ops[k - 1];
        const prec = PREC[op.image];
        if (prec < minPrec) break;
        const right = climb(prec + 1);
        const loc = joinLoc(left.loc, right.loc);
        if (prec === 4) {
          if (comparedHere) this.report(M.chainedComparison.at(this.loc(op), op.image));
          comparedHere = true;
          left = { kind: "compare", op: op.image as "==", left, right, loc };
        } else {
          left = { kind: op.image as "and" | "or", left, right, loc };
        }
      }
      return left;
    };
    return climb(0);
  }

  private primary(p: C.PrimaryCstNode, scope: PipelineScope | undefined, what: string): Expr {
    const c = p.children;
    const loc = this.nodeLoc(p);
    if (c.string) return this.stringExpr(c.string[0], scope, what);
    if (c.NumberLiteral) return { kind: "number", value: Number(c.NumberLiteral[0].image), loc };
    if (c.KwTrue) return { kind: "bool", value: true, loc };
    if (c.KwFalse) return { kind: "bool", value: false, loc };
    if (c.KwNull) return { kind: "null", loc };
    if (c.list) return { kind: "list", items: (c.list[0].children.expression ?? []).map((x) => this.expr(x, scope, what)), loc };
    if (c.struct) {
      return {
        kind: "struct",
        fields: (c.struct[0].children.field ?? []).map((f) => {
          const key = this.fieldKey(f);
          return { name: key.value, value: this.expr(f.children.expression[0], scope, what), loc: key.loc };
        }),
        loc,
      };
    }
    if (c.LParen) return this.expr(c.expression![0], scope, what);
    if (c.KwPipeline) {
      const prop = c.Identifier![0];
      if (prop.image !== "status") {
        this.report(M.unknownPipelineProperty.at(this.loc(prop), prop.image));
      }
      if (scope === undefined) this.report(M.expectedLiteral.at(loc, what));
      return { kind: "status", loc };
    }
    if (c.call) return this.callExpr(c.call[0], scope);
    const path = c.reference![0].children.Identifier.map((t) => t.image);
    return this.reference(path, loc, scope, what);
  }

  private fieldKey(f: C.FieldCstNode): { value: string; loc: Loc } {
    if (f.children.string) return this.plainString(f.children.string[0], "A key");
    const id = this.identifier(f.children.Identifier);
    return { value: id.name, loc: id.loc };
  }

  private stringExpr(s: C.StringCstNode, scope: PipelineScope | undefined, what: string): Expr {
    const { token, pieces } = this.pieces(s);
    const loc = this.loc(token);
    if (!pieces.some((p) => p.kind === "ref")) {
      return { kind: "string", value: pieces.map((p) => (p.kind === "text" ? p.value : "")).join(""), loc };
    }
    const parts = pieces.map((p) => (p.kind === "text" ? p.value : this.reference(p.path, p.loc, scope, what)));
    return { kind: "interpolation", parts, loc };
  }

  private reference(path: readonly string[], loc: Loc, scope: PipelineScope | undefined, what: string): Expr {
    if (scope === undefined) {
      this.report(M.expectedLiteral.at(loc, what));
      return { kind: "null", loc };
    }
    const [head, field, ...rest] = path;
    if (rest.length > 0) {
      this.report(M.invalidReferenceForm.at(loc, path.join(".")));
    }
    if (scope.loopVars.includes(head)) {
      return field === undefined ? { kind: "loopItem", loop: head, loc } : { kind: "loopItem", loop: head, field, loc };
    }
    if (field === undefined) return { kind: "param", name: head, loc };
    return { kind: "output", step: head, output: field, loc };
  }

  private callExpr(call: C.CallCstNode, scope: PipelineScope | undefined): Expr {
    const fn = call.children.Identifier[0];
    const loc = this.nodeLoc(call);
    const args = call.children.callArg ?? [];
    if (fn.image === "collect" && scope !== undefined) {
      const arg = args.length === 1 && !args[0].children.Identifier ? simplePrimary(args[0].children.expression[0]) : undefined;
      const ref = arg?.children.reference?.[0].children.Identifier.map((t) => t.image);
      if (ref === undefined || ref.length !== 2) {
        this.report(M.collectArgument.at(loc, "collect(score.auc)"));
        return { kind: "null", loc };
      }
      return { kind: "collect", step: ref[0], output: ref[1], loc };
    }
    if (fn.image === "oneOf" && scope !== undefined) {
      const options: OutputRef[] = [];
      for (const a of args) {
        const arg = a.children.Identifier ? undefined : simplePrimary(a.children.expression[0]);
        const ref = arg?.children.reference?.[0].children.Identifier.map((t) => t.image);
        if (ref === undefined || ref.length !== 2 || scope.loopVars.includes(ref[0])) {
          this.report(M.oneOfArgument.at(this.nodeLoc(a), "oneOf(a.model, b.model)"));
          return { kind: "null", loc };
        }
        options.push({ kind: "output", step: ref[0], output: ref[1], loc: this.nodeLoc(a) });
      }
      if (options.length < 2) {
        this.report(M.oneOfTooFew.at(loc));
        return { kind: "null", loc };
      }
      return { kind: "oneof", options, loc };
    }
    this.report(M.unknownFunction.at(this.loc(fn), fn.image, scope === undefined ? "a literal value" : "collect(step.output) or oneOf(a.out, b.out)"));
    return { kind: "null", loc };
  }

  // -- settings (shared by components, steps, pipelines, tunes, serves) -------------------------------

  /** Literal string value of a struct field (labels, node selectors, tolerations…). */
  literalText(e: C.ExpressionCstNode, what: string): string | undefined {
    const v = this.literal(e, what);
    if (v.kind === "string") return v.value;
    if (v.kind === "number") return numberText(v.value);
    if (v.kind === "bool") return String(v.value);
    this.report(M.expectedLiteral.at(v.loc, what));
    return undefined;
  }

  keyValues(s: C.StructCstNode, what: string): KeyValue[] {
    return (s.children.field ?? []).flatMap((f) => {
      const key = this.fieldKey(f);
      const value = this.literalText(f.children.expression[0], `The value of '${key.value}' in ${what}`);
      return value === undefined ? [] : [{ key: key.value, value, loc: key.loc }];
    });
  }

  env(s: C.StructCstNode): EnvVar[] {
    const out: EnvVar[] = [];
    for (const f of s.children.field ?? []) {
      const key = this.fieldKey(f);
      const call = simplePrimary(f.children.expression[0])?.children.call?.[0];
      if (call !== undefined) {
        const fn = call.children.Identifier[0].image;
        if (fn === "fieldPath") {
          const [path] = this.callStrings(call, 1, fn) ?? [];
          const problem = path === undefined ? undefined : fieldPathProblem(path);
          if (problem !== undefined) this.report(M.invalidFieldPath.at(this.nodeLoc(call), problem));
          else if (path !== undefined) out.push({ kind: "env", name: key.value, source: { kind: "fieldPath", fieldPath: path }, loc: key.loc });
          continue;
        }
        const strings = this.callStrings(call, 2, fn);
        if (fn === "secret" && strings) out.push({ kind: "env", name: key.value, source: { kind: "secret", secret: strings[0], key: strings[1] }, loc: key.loc });
        else if ((fn === "configMap" || fn === "configmap") && strings) out.push({ kind: "env", name: key.value, source: { kind: "configMap", configMap: strings[0], key: strings[1] }, loc: key.loc });
        else if (fn !== "secret" && fn !== "configMap" && fn !== "configmap") {
          this.report(M.unknownFunction.at(this.loc(call.children.Identifier[0]), fn, "secret(name, key), configMap(name, key) or fieldPath(path)"));
        }
        continue;
      }
      const value = this.literal(f.children.expression[0], `The value of environment variable '${key.value}'`);
      if (value.kind === "string" || value.kind === "number" || value.kind === "bool") {
        const text = value.kind === "string" ? value.value : value.kind === "number" ? numberText(value.value) : String(value.value);
        out.push({ kind: "env", name: key.value, source: { kind: "value", value: { kind: "string", value: text, loc: value.loc } }, loc: key.loc });
      } else if (value.kind !== "null") {
        this.report(M.expectedLiteral.at(value.loc, `The value of environment variable '${key.value}'`));
      }
    }
    return out;
  }

  /** Positional string arguments of a settings function (`secret("name", "key")`). */
  private callStrings(call: C.CallCstNode, count: number, fn: string): string[] | undefined {
    const args = (call.children.callArg ?? []).filter((a) => !a.children.Identifier);
    if (args.length !== count) {
      this.report(M.functionArgumentCount.at(this.nodeLoc(call), fn, count, count === 1 ? "argument" : "arguments"));
      return undefined;
    }
    const values = args.map((a) => this.literalText(a.children.expression[0], `An argument of ${fn}()`));
    return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
  }

  private namedCallArgs(call: C.CallCstNode): Map<string, { expr: C.ExpressionCstNode; loc: Loc }> {
    const named = new Map<string, { expr: C.ExpressionCstNode; loc: Loc }>();
    for (const a of call.children.callArg ?? []) {
      if (a.children.Identifier) named.set(a.children.Identifier[0].image, { expr: a.children.expression[0], loc: this.loc(a.children.Identifier[0]) });
    }
    return named;
  }

  volumes(s: C.StructCstNode): Volume[] {
    const out: Volume[] = [];
    for (const f of s.children.field ?? []) {
      const mount = this.fieldKey(f);
      const call = simplePrimary(f.children.expression[0])?.children.call?.[0];
      const where = "pvc(claim), emptyDir(), secret(name) or configMap(name)";
      if (call === undefined) {
        this.report(M.invalidVolumeSource.at(this.nodeLoc(f.children.expression[0]), mount.value, where));
        continue;
      }
      const fnToken = call.children.Identifier[0];
      const fn = fnToken.image;
      const named = this.namedCallArgs(call);
      const positional = (call.children.callArg ?? []).filter((a) => !a.children.Identifier);
      const flag = (name: string): boolean => {
        const a = named.get(name);
        if (a === undefined) return false;
        const v = this.literal(a.expr, `'${name}'`);
        if (v.kind !== "bool") {
          this.report(M.notABool.at(v.loc, `'${name}'`));
          return false;
        }
        return v.value;
      };
      const checkNamed = (allowed: string[]) => {
        for (const [name, a] of named) {
          if (!allowed.includes(name)) this.report(M.unknownFunctionArgument.at(a.loc, name, fn, allowed.length ? allowed.join(", ") : "no named arguments"));
        }
      };
      const nameArg = (): string | undefined => {
        if (positional.length !== 1) {
          this.report(M.functionNameArgument.at(this.nodeLoc(call), fn));
          return undefined;
        }
        return this.literalText(positional[0].children.expression[0], `The name in ${fn}()`);
      };
      const loc = mount.loc;
      if (fn === "pvc") {
        checkNamed(["readOnly"]);
        const claim = nameArg();
        if (claim !== undefined) out.push({ kind: "volume", mountPath: mount.value, source: { kind: "pvc", claim, readOnly: flag("readOnly") }, loc });
      } else if (fn === "emptyDir") {
        checkNamed(["medium", "size"]);
        if (positional.length > 0) this.report(M.emptyDirArgument.at(this.nodeLoc(call)));
        const source: { kind: "emptyDir"; medium?: "Memory"; sizeLimit?: { value: string; loc: Loc } } = { kind: "emptyDir" };
        const medium = named.get("medium");
        if (medium) {
          const m = this.literalText(medium.expr, "medium");
          if (m === "Memory") source.medium = "Memory";
          else if (m !== undefined && m !== "") this.report(M.emptyDirMedium.at(medium.loc, m));
        }
        const size = named.get("size");
        if (size) {
          const v = this.literalText(size.expr, "size");
          if (v !== undefined) source.sizeLimit = { value: v, loc: this.nodeLoc(size.expr) };
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
        this.report(M.unknownFunction.at(this.loc(fnToken), fn, where));
      }
    }
    return out;
  }

  /** Elements of a list that must each be a struct (`tolerations [{ … }]`). */
  private structItems(l: C.ListCstNode, what: string): C.StructCstNode[] {
    const out: C.StructCstNode[] = [];
    for (const e of l.children.expression ?? []) {
      const s = simplePrimary(e)?.children.struct?.[0];
      if (s === undefined) this.report(M.settingItemNotStruct.at(this.nodeLoc(e), what));
      else out.push(s);
    }
    return out;
  }

  private structFields(s: C.StructCstNode, what: string, allowed: readonly string[]): Map<string, { expr: C.ExpressionCstNode; loc: Loc }> {
    const fields = new Map<string, { expr: C.ExpressionCstNode; loc: Loc }>();
    for (const f of s.children.field ?? []) {
      const key = this.fieldKey(f);
      if (!allowed.includes(key.value)) {
        this.report(M.unknownSetting.at(key.loc, `field of ${what}`, key.value, didYouMean(key.value, allowed)));
        continue;
      }
      fields.set(key.value, { expr: f.children.expression[0], loc: key.loc });
    }
    return fields;
  }

  tolerations(l: C.ListCstNode): Toleration[] {
    const out: Toleration[] = [];
    for (const s of this.structItems(l, "toleration")) {
      const f = this.structFields(s, "a toleration", ["key", "operator", "value", "effect", "seconds"]);
      const text = (k: string) => (f.has(k) ? this.literalText(f.get(k)!.expr, `'${k}'`) : undefined);
      const loc = this.nodeLoc(s);
      const t: Mutable<Toleration> = { kind: "toleration", operator: "Equal", loc };
      const key = text("key");
      const value = text("value");
      const operator = text("operator") ?? (value === undefined ? "Exists" : "Equal");
      if (operator !== "Exists" && operator !== "Equal") {
        this.report(M.tolerationOperator.at(f.get("operator")!.loc, operator));
      }
      const effect = text("effect");
      if (effect !== undefined && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect)) {
        this.report(M.tolerationEffect.at(f.get("effect")!.loc, effect));
      }
      if (key !== undefined) t.key = key;
      t.operator = operator === "Equal" ? "Equal" : "Exists";
      if (value !== undefined) t.value = value;
      if (effect !== undefined) t.effect = effect as Toleration["effect"];
      const seconds = text("seconds");
      if (seconds !== undefined) {
        const n = parseDuration(seconds);
        if (n === undefined) this.report(M.invalidDuration.at(f.get("seconds")!.loc, seconds));
        else t.tolerationSeconds = n;
      }
      out.push(reorder(t, ["kind", "key", "operator", "value", "effect", "tolerationSeconds", "loc"]));
    }
    return out;
  }

  affinity(l: C.ListCstNode): AffinityTerm[] {
    const out: AffinityTerm[] = [];
    const operators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
    for (const s of this.structItems(l, "affinity term")) {
      const f = this.structFields(s, "an affinity term", ["key", "operator", "values", "weight"]);
      const loc = this.nodeLoc(s);
      const key = f.has("key") ? this.literalText(f.get("key")!.expr, "'key'") : undefined;
      if (key === undefined) {
        // A key that is not a literal is reported by literalText already.
        if (!f.has("key")) this.report(M.affinityNoKey.at(loc));
        continue;
      }
      const operator = f.has("operator") ? this.literalText(f.get("operator")!.expr, "'operator'") : "In";
      if (operator === undefined) continue;
      if (!operators.includes(operator)) {
        this.report(M.affinityOperator.at(f.get("operator")?.loc ?? loc, operator, operators.join(", ")));
        continue;
      }
      const values: string[] = [];
      const vs = f.get("values");
      if (vs) {
        const v = this.literal(vs.expr, "'values'");
        if (v.kind === "list") {
          for (const item of v.items) {
            if (item.kind === "string") values.push(item.value);
            else if (item.kind === "number") values.push(numberText(item.value));
            else this.report(M.expectedLiteral.at(item.loc, "An affinity value"));
          }
        } else this.report(M.affinityValues.at(v.loc));
      }
      const term: Mutable<AffinityTerm> = { kind: "affinity", key, operator: operator as AffinityTerm["operator"], values, loc };
      const w = f.get("weight");
      if (w) {
        const v = this.literal(w.expr, "'weight'");
        if (v.kind === "number" && Number.isInteger(v.value)) term.weight = v.value;
        else this.report(M.affinityWeight.at(v.loc));
      }
      out.push(reorder(term, ["kind", "key", "operator", "values", "weight", "loc"]));
    }
    return out;
  }

  /** `securityContext { runAsUser: 65534, runAsGroup: 0, runAsNonRoot: true }`. */
  securityContext(s: C.StructCstNode, loc: Loc): Settings["securityContext"] {
    const out: Mutable<NonNullable<Settings["securityContext"]>> = { loc };
    let ok = true;
    for (const f of s.children.field ?? []) {
      const key = this.fieldKey(f);
      const value = this.literal(f.children.expression[0], `The value of '${key.value}' in the security context`);
      if (key.value === "runAsUser" || key.value === "runAsGroup") {
        if (value.kind === "number" && Number.isInteger(value.value) && value.value >= 0) out[key.value] = value.value;
        else {
          this.report(M.securityContextId.at(value.loc, key.value));
          ok = false;
        }
      } else if (key.value === "runAsNonRoot") {
        if (value.kind === "bool") out.runAsNonRoot = value.value;
        else {
          this.report(M.notABool.at(value.loc, key.value));
          ok = false;
        }
      } else {
        this.report(M.securityContextField.at(key.loc, key.value));
        ok = false;
      }
    }
    return ok ? reorder(out, ["runAsUser", "runAsGroup", "runAsNonRoot", "loc"]) : undefined;
  }

  stringList(l: C.ListCstNode, what: string): { name: string; loc: Loc }[] {
    return (l.children.expression ?? []).flatMap((e) => {
      const v = this.literalText(e, what);
      return v === undefined ? [] : [{ name: v, loc: this.nodeLoc(e) }];
    });
  }

  resources(items: readonly C.ResourceItemCstNode[], loc: Loc): Resources {
    const r: Mutable<Resources> = { kind: "resources", loc };
    for (const item of items) {
      const c = item.children;
      const kw = c.KwCpu?.[0] ?? c.KwMemory?.[0] ?? c.KwEphemeralStorage?.[0] ?? c.KwGpu![0];
      const field = kw.image as "cpu" | "memory" | "ephemeralStorage" | "gpu";
      if (r[field] !== undefined) {
        this.report(M.duplicateSetting.at(this.loc(kw), kw.image));
        continue;
      }
      if (field === "gpu") {
        const count = this.scalarNumber(c.scalar![0], "GPU count", true);
        if (count === undefined) continue;
        const gpu: { count: number; type?: string; loc: Loc } = { count: count.value, loc: this.lines.between(kw, kw) };
        if (c.string) gpu.type = this.plainString(c.string[0], "A GPU type").value;
        r.gpu = reorder(gpu, ["count", "type", "loc"]);
        continue;
      }
      const first = this.scalarText(c.scalar![0], `A ${kw.image} quantity`);
      const request = c.limitOnly ? undefined : first;
      const limit = c.limitOnly ? first : c.DotDot ? this.scalarText(c.scalar![1], `A ${kw.image} quantity`) : request;
      const rl: Mutable<RequestLimit> = {};
      if (request) rl.request = request;
      if (limit) rl.limit = limit;
      r[field] = rl;
    }
    return reorder(r, ["kind", "cpu", "memory", "ephemeralStorage", "gpu", "loc"]);
  }

  retry(c: C.SettingCstChildren, loc: Loc): Settings["retry"] {
    const s = c.scalar!;
    const limit = this.scalarNumber(s[0], "retry count", true);
    if (limit === undefined) return undefined;
    const retry: Mutable<NonNullable<Settings["retry"]>> = { kind: "retry", limit: limit.value, loc };
    let i = 1;
    if (c.KwBackoff) {
      const b = this.scalarDuration(s[i++], "retry backoff");
      if (b) retry.backoffSeconds = b.seconds;
      if (c.KwFactor) {
        const f = this.scalarNumber(s[i++], "backoff factor");
        if (f) retry.factor = f.value;
      }
      if (c.KwMax) {
        const m = this.scalarDuration(s[i++], "maximum backoff");
        if (m) retry.maxBackoffSeconds = m.seconds;
      }
    }
    return reorder(retry, ["kind", "limit", "backoffSeconds", "factor", "maxBackoffSeconds", "loc"]);
  }

  duration(s: C.ScalarCstNode, what: string): { seconds: number; loc: Loc } | undefined {
    return this.scalarDuration(s, what);
  }

  plain(s: C.StringCstNode, what: string): { value: string; loc: Loc } {
    return this.plainString(s, what);
  }

  tokenLoc(t: IToken): Loc {
    return this.loc(t);
  }

  nodeLoc(n: CstNode): Loc {
    return this.lines.of(n.location!);
  }

  reportDiagnostic(d: Diagnostic): void {
    this.report(d);
  }

  // -- pipelines -------------------------------------------------------------------------------------

  private pipeline(d: C.PipelineDeclCstNode, serves: Serve[]): Pipeline {
    const { name, loc } = this.identifier(d.children.Identifier);
    const params: Param[] = [];
    const outputs: { decl: C.OutputDeclCstNode }[] = [];
    const body: C.StatementCstNode[] = [];
    let description: string | undefined;
    let schedule: Schedule | undefined;
    let artifactRoot: Pipeline["artifactRoot"];
    let finallyBlock: C.FinallyBlockCstNode | undefined;
    const settings = new SettingsBuilder(this, "pipeline");
    for (const item of d.children.pipelineItem ?? []) {
      const c = item.children;
      if (c.descriptionItem) description = this.plainString(c.descriptionItem[0].children.string[0], "A description").value;
      else if (c.paramDecl) params.push(this.param(c.paramDecl[0]));
      else if (c.outputDecl) outputs.push({ decl: c.outputDecl[0] });
      else if (c.scheduleDecl) schedule = this.once(schedule, c.scheduleDecl[0].children.KwSchedule[0], () => this.schedule(c.scheduleDecl![0]));
      else if (c.artifactRootDecl) {
        const decl = c.artifactRootDecl[0];
        artifactRoot = this.once(artifactRoot, decl.children.KwArtifactRoot[0], () => this.artifactRoot(decl));
      }
      else if (c.finallyBlock) {
        if (finallyBlock !== undefined) this.report(M.misplacedFinally.at(this.loc(c.finallyBlock[0].children.KwFinally[0])));
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
      stmts.flatMap((s) => this.statement(s, sc, names, serves, lowerBlock));
    const pipeline: Mutable<Pipeline> = {
      kind: "pipeline",
      name,
      params,
      outputs: outputs.map(({ decl }) => {
        const id = this.identifier(decl.children.Identifier);
        const type = this.type(decl.children.typeRef[0]);
        const valueCst = first(decl.children.expression);
        if (valueCst === undefined) {
          this.report(M.pipelineOutputNoValue.at(id.loc, id.name, "give it a value, as in 'output model: Model = train.model'"));
        }
        const value: Expr = valueCst ? this.expr(valueCst, scope) : { kind: "null", loc: id.loc };
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
      pipeline.exitHandler = { body: lowerBlock(block.children.statement ?? [], scope), loc: this.loc(finallyBlock.children.KwFinally[0]) };
    }
    if (schedule !== undefined) pipeline.schedule = schedule;
    if (artifactRoot !== undefined) pipeline.artifactRoot = artifactRoot;
    return reorder(pipeline, ["kind", "name", "description", "params", "outputs", "body", "exitHandler", "schedule", "artifactRoot", "settings", "loc"]);
  }

  private param(d: C.ParamDeclCstNode): Param {
    const id = this.identifier(d.children.Identifier);
    const p: Mutable<Param> = { kind: "param", name: id.name, type: this.type(d.children.typeRef[0]), loc: id.loc };
    const def = first(d.children.expression);
    if (def !== undefined) p.default = this.literal(def, `The default of '${id.name}'`);
    if (d.children.Question !== undefined) p.optional = true;
    return reorder(p, ["kind", "name", "type", "default", "optional", "loc"]);
  }

  private artifactRoot(d: C.ArtifactRootDeclCstNode): Pipeline["artifactRoot"] {
    const uri = this.plainString(d.children.string[0], "An artifact root");
    const problem = artifactRootProblem(uri.value);
    if (problem !== undefined) {
      this.report(M.invalidArtifactRoot.at(uri.loc, problem));
      return undefined;
    }
    return { uri: uri.value, loc: uri.loc };
  }

  private schedule(d: C.ScheduleDeclCstNode): Schedule {
    const cron = this.plainString(d.children.string[0], "A schedule");
    const s: Mutable<Schedule> = { kind: "schedule", cron: cron.value.trim(), loc: cron.loc };
    if (d.children.string[1]) s.timezone = this.plainString(d.children.string[1], "A time zone").value;
    const conc = first(d.children.Identifier);
    if (conc !== undefined) {
      const v = ({ allow: "Allow", forbid: "Forbid", replace: "Replace" } as const)[conc.image.toLowerCase() as "allow"];
      if (v === undefined) this.report(M.scheduleConcurrency.at(this.loc(conc), conc.image));
      else s.concurrency = v;
    }
    return reorder(s, ["kind", "cron", "timezone", "concurrency", "loc"]);
  }

  private statement(
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
        condition: this.expr(e, scope),
        body: lowerBlock(i.block[idx].children.statement ?? [], scope),
        loc: this.loc(idx === 0 ? i.KwIf[0] : i.KwElif![idx - 1]),
      }));
      if (i.KwElse) {
        branches.push({ body: lowerBlock(i.block[i.expression.length].children.statement ?? [], scope), loc: this.loc(i.KwElse[0]) });
      }
      return [{ kind: "condition", branches, loc: this.loc(i.KwIf[0]) }];
    }
    if (c.forStatement) {
      const f = c.forStatement[0].children;
      const variable = f.Identifier[0].image;
      const loop: Mutable<Loop> = {
        kind: "loop",
        variable,
        items: this.expr(f.expression[0], scope),
        body: lowerBlock(f.block[0].children.statement ?? [], { ...scope, loopVars: [...scope.loopVars, variable] }),
        loc: this.loc(f.Identifier[0]),
      };
      if (f.scalar) {
        const n = this.scalarNumber(f.scalar[0], "loop parallelism", true);
        if (n) loop.parallelism = n.value;
      }
      return [reorder(loop, ["kind", "variable", "items", "parallelism", "body", "loc"])];
    }
    if (c.serveDecl) {
      const serve = this.serve(c.serveDecl[0], scope);
      serves.push(serve);
      const deploy: Deploy = { kind: "deploy", name: serve.name, serve: serve.name, after: [], loc: serve.loc };
      return [deploy];
    }
    return [this.step(c.stepStatement![0], scope, names)];
  }

  private step(s: C.StepStatementCstNode, scope: PipelineScope, names: StepNamer): Step | Importer {
    const c = s.children;
    const name = names.nameOf(s);
    const nameToken = first(c.Identifier);
    const after = (c.afterClause?.[0].children.Identifier ?? []).map((t) => ({ step: t.image, loc: this.loc(t) }));
    const items = c.stepBlock?.[0].children.stepItem ?? [];

    if (c.importerCall) {
      const imp = c.importerCall[0].children;
      const type = this.type(imp.typeRef[0]);
      if (type.kind !== "artifact") this.report(M.importerNotArtifact.at(this.nodeLoc(imp.typeRef[0])));
      let reimport = false;
      const metadata: { key: string; value: Expr; loc: Loc }[] = [];
      for (const item of items) {
        const ic = item.children;
        if (ic.KwReimport) reimport = true;
        else if (ic.KwMetadata) {
          for (const f of ic.struct![0].children.field ?? []) {
            const key = this.fieldKey(f);
            metadata.push({ key: key.value, value: this.expr(f.children.expression[0], scope), loc: key.loc });
          }
        } else this.report(M.settingNotAllowed.at(this.nodeLoc(item), firstTokenImage(item), "an importer"));
      }
      const importer: Importer = {
        kind: "importer",
        name,
        uri: this.expr(imp.expression[0], scope),
        artifactType: type.kind === "artifact" ? type : { kind: "artifact", name: "Artifact" },
        reimport,
        metadata,
        after,
        loc: nameToken ? this.loc(nameToken) : this.loc(imp.KwImport[0]),
      };
      return importer;
    }

    const call = c.call![0];
    const callee = call.children.Identifier[0];
    const args: Argument[] = [];
    for (const a of call.children.callArg ?? []) {
      if (!a.children.Identifier) {
        this.report(M.positionalStepArgument.at(this.nodeLoc(a), callee.image));
        continue;
      }
      const id = a.children.Identifier[0];
      args.push({ name: id.image, value: this.expr(a.children.expression[0], scope), loc: this.loc(id) });
    }
    const settings = new SettingsBuilder(this, "step");
    let ignoreUpstreamFailure = false;
    let displayName: string | undefined;
    for (const item of items) {
      const ic = item.children;
      if (ic.KwAlways) ignoreUpstreamFailure = true;
      else if (ic.KwDisplayName) displayName = this.plainString(ic.string![0], "A display name").value;
      else if (ic.setting) settings.add(ic.setting[0]);
      else this.report(M.settingNotAllowed.at(this.nodeLoc(item), firstTokenImage(item), "a step (only importers take it)"));
    }
    const kind = this.callable(callee);
    const step: Mutable<Step> = {
      kind: "step",
      name,
      call: { kind, name: callee.image, loc: this.loc(callee) },
      arguments: args,
      after,
      settings: settings.build(),
      ignoreUpstreamFailure,
      loc: nameToken ? this.lines.between(nameToken, call.children.RParen[0]) : this.nodeLoc(call),
    };
    if (displayName !== undefined) step.displayName = displayName;
    return reorder(step, ["kind", "name", "call", "arguments", "after", "settings", "ignoreUpstreamFailure", "displayName", "loc"]);
  }

  /**
   * What a name calls. Unknown names are reported here, where every name the file can see (its own
   * and its imports', used or not) is known for the suggestion.
   */
  private callable(t: IToken): DeclKind {
    const kind = this.lookup(t.image);
    if (kind !== undefined) return kind;
    if (this.visible !== undefined) this.report(M.unknownComponent.at(this.loc(t), t.image, didYouMean(t.image, this.visible())));
    return "component";
  }

  // -- tune ------------------------------------------------------------------------------------------

  private tune(d: C.TuneDeclCstNode): Tune {
    const { name, loc } = this.identifier(d.children.Identifier, 0);
    const target = this.identifier(d.children.Identifier, 1);
    const settings = new SettingsBuilder(this, "tune");
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
        const metric = this.identifier(c.Identifier);
        objective = this.once(objective, c.KwObjective[0], () => ({
          type: c.KwMaximize ? "maximize" : "minimize",
          metric: metric.name,
          additionalMetrics: [],
          strategies: [],
          loc: metric.loc,
        }));
        if (c.scalar) {
          const g = this.scalarNumber(c.scalar[0], "objective goal");
          if (g) objective.goal = g.value;
        }
      } else if (c.KwMetrics) {
        for (const e of c.list![0].children.expression ?? []) {
          const p = simplePrimary(e);
          const ref = p?.children.reference?.[0].children.Identifier;
          if (ref && ref.length === 1) additional.push({ name: ref[0].image, loc: this.loc(ref[0]) });
          else {
            const t = this.literalText(e, "A metric name");
            if (t !== undefined) additional.push({ name: t, loc: this.nodeLoc(e) });
          }
        }
      } else if (c.KwStrategy) {
        const metric = this.identifier(c.Identifier, 0);
        const v = c.Identifier![1];
        if (!["min", "max", "latest"].includes(v.image)) {
          this.report(M.metricStrategy.at(this.loc(v), v.image));
        } else strategies.push({ metric: metric.name, value: v.image as "min", loc: metric.loc });
      } else if (c.KwAlgorithm) {
        const id = this.identifier(c.Identifier);
        algorithm = this.once(algorithm, c.KwAlgorithm[0], () => ({ name: id.name, settings: c.struct ? this.keyValues(c.struct[0], "algorithm settings") : [], loc: id.loc }));
      } else if (c.KwEarlyStopping) {
        const id = this.identifier(c.Identifier);
        earlyStopping = this.once(earlyStopping, c.KwEarlyStopping[0], () => ({ name: id.name, settings: c.struct ? this.keyValues(c.struct[0], "early stopping settings") : [], loc: id.loc }));
      } else if (c.searchDecl) {
        const p = this.searchParam(c.searchDecl[0]);
        if (p) search.push(p);
      } else if (c.KwTrials) {
        const [max, par, fail] = [0, 1, 2].map((i) => c.scalar?.[i]);
        const n = max && this.scalarNumber(max, "trial count", true);
        if (n) tune.maxTrials = n.value;
        if (c.KwParallel && par) {
          const p = this.scalarNumber(par, "parallel trial count", true);
          if (p) tune.parallelTrials = p.value;
        }
        const failIdx = c.KwParallel ? fail : par;
        if (c.KwFailures && failIdx) {
          const f = this.scalarNumber(failIdx, "failed trial count", true);
          if (f) tune.maxFailedTrials = f.value;
        }
      } else if (c.KwWith) {
        for (const f of c.struct![0].children.field ?? []) {
          const key = this.fieldKey(f);
          args.push({ name: key.value, value: this.literal(f.children.expression[0], `The value of '${key.value}'`), loc: key.loc });
        }
      } else if (c.KwResume) {
        const id = c.Identifier![0];
        const v = ({ never: "Never", longrunning: "LongRunning", fromvolume: "FromVolume" } as const)[id.image.toLowerCase() as "never"];
        if (v === undefined) this.report(M.resumePolicy.at(this.loc(id), id.image));
        else tune.resumePolicy = v;
      } else if (c.KwCollector) {
        const id = c.Identifier![0];
        if (id.image === "stdout") tune.collector = { kind: "stdout", loc: this.loc(id) };
        else if (id.image === "file") {
          if (!c.string) this.report(M.collectorFileNoPath.at(this.loc(id)));
          else tune.collector = { kind: "file", path: this.plainString(c.string[0], "A path").value, loc: this.loc(id) };
        } else this.report(M.collectorKind.at(this.loc(id), id.image, "stdout or file"));
      } else if (c.setting) settings.add(c.setting[0]);
    }
    if (objective === undefined) {
      this.report(M.tuneNoObjective.at(loc, name, "'objective maximize accuracy'"));
      objective = { type: "maximize", metric: "", additionalMetrics: [], strategies: [], loc };
    }
    objective.additionalMetrics = additional;
    objective.strategies = strategies;
    if (algorithm === undefined) {
      this.report(M.tuneNoAlgorithm.at(loc, name, "'algorithm random'"));
      algorithm = { name: "", settings: [], loc };
    }
    const full: Mutable<Tune> = {
      kind: "tune",
      name,
      target: { kind: this.callable(d.children.Identifier[1]), name: target.name, loc: target.loc },
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

  private searchParam(d: C.SearchDeclCstNode): SearchParam | undefined {
    const c = d.children;
    const id = this.identifier(c.Identifier, 0);
    const type = this.type(c.typeRef[0]);
    const typeName = type.kind === "param" ? type.name : "";
    if (c.list) {
      const values: (string | number)[] = [];
      for (const e of c.list[0].children.expression ?? []) {
        const v = this.literal(e, "A search value");
        if (v.kind === "number" && (typeName === "Int" || typeName === "Float")) values.push(v.value);
        else if (v.kind === "string" && typeName === "String") values.push(v.value);
        else this.report(M.searchValueType.at(v.loc, typeName === "String" ? "a string" : "a number", typeName));
      }
      if (typeName !== "String" && typeName !== "Int" && typeName !== "Float") {
        this.report(M.searchType.at(this.nodeLoc(c.typeRef[0])));
        return undefined;
      }
      return { kind: "search", name: id.name, type: typeName === "String" ? "categorical" : "discrete", values, loc: id.loc };
    }
    if (typeName !== "Int" && typeName !== "Float") {
      this.report(M.searchRangeType.at(this.nodeLoc(c.typeRef[0])));
      return undefined;
    }
    const [minC, maxC, stepC] = c.scalar!;
    const min = this.scalarNumber(minC, "search minimum", typeName === "Int");
    const max = this.scalarNumber(maxC, "search maximum", typeName === "Int");
    if (!min || !max) return undefined;
    const p: Mutable<SearchParam> = { kind: "search", name: id.name, type: typeName === "Int" ? "int" : "double", min: min.value, max: max.value, loc: id.loc };
    if (c.KwStep && stepC) {
      const s = this.scalarNumber(stepC, "search step", typeName === "Int");
      if (s) p.step = s.value;
    }
    const dist = c.distribution?.[0];
    if (dist !== undefined) {
      const d = dist.children;
      p.distribution = d.KwUniform ? "uniform" : d.KwLog ? "logUniform" : d.KwNormal ? "normal" : "logNormal";
    }
    return reorder(p, ["kind", "name", "type", "min", "max", "step", "values", "distribution", "loc"]);
  }

  // -- serve -----------------------------------------------------------------------------------------

  private serve(d: C.ServeDeclCstNode, scope: PipelineScope | undefined): Serve {
    const { name, loc } = this.identifier(d.children.Identifier);
    const settings = new SettingsBuilder(this, "serve");
    const s: Partial<Mutable<Serve>> = {};
    for (const item of d.children.serveItem ?? []) {
      const c = item.children;
      if (c.KwModel) {
        const format = this.identifier(c.Identifier);
        const model: Mutable<Serve["model"]> = {
          format: format.name,
          storage: this.expr(c.expression![0], scope, "A model URI outside a pipeline"),
          loc: format.loc,
        };
        if (c.KwVersion) model.version = this.plainString(c.string![0], "A model version").value;
        s.model = this.once(s.model, c.KwModel[0], () => reorder(model, ["format", "version", "storage", "loc"]));
      } else if (c.KwRuntime) s.runtime = this.plainString(c.string![0], "A runtime").value;
      else if (c.KwProtocol) {
        const p = this.plainString(c.string![0], "A protocol");
        if (!["v1", "v2", "grpc-v2"].includes(p.value)) this.report(M.serveProtocol.at(p.loc, p.value));
        else s.protocol = p.value as "v1";
      } else if (c.KwReplicas) {
        const min = this.scalarNumber(c.scalar![0], "replica count", true);
        const max = c.DotDot ? this.scalarNumber(c.scalar![1], "replica count", true) : min;
        if (min) s.minReplicas = min.value;
        if (max) s.maxReplicas = max.value;
      } else if (c.KwScale) {
        const metric = c.Identifier![0];
        const target = this.scalarNumber(c.scalar![0], "scale target");
        if (!["concurrency", "rps", "cpu", "memory"].includes(metric.image)) {
          this.report(M.scaleMetric.at(this.loc(metric), metric.image));
        } else if (target) s.scale = { metric: metric.image as "cpu", target: target.value, loc: this.loc(metric) };
      } else if (c.KwCanary) {
        const p = this.scalarNumber(c.scalar![0], "canary percentage");
        if (p) s.canary = { percent: p.value, loc: this.lines.between(c.KwCanary[0], c.Percent![0]) };
      } else if (c.KwMode) {
        const m = c.Identifier![0];
        const v = ({ serverless: "Serverless", raw: "RawDeployment", rawdeployment: "RawDeployment", modelmesh: "ModelMesh" } as const)[m.image.toLowerCase() as "raw"];
        if (v === undefined) this.report(M.deploymentMode.at(this.loc(m), m.image));
        else s.deploymentMode = v;
      } else if (c.KwTransformer) {
        s.transformer = this.transformer(c.componentItem ?? [], this.loc(c.KwTransformer[0]));
      } else if (c.setting) settings.add(c.setting[0]);
    }
    if (s.model === undefined) {
      this.report(M.serveNoModel.at(loc, name, "'model sklearn from \"s3://…\"'"));
      s.model = { format: "", storage: { kind: "null", loc }, loc };
    }
    const serve = { kind: "serve", name, ...s, settings: settings.build(), loc } as Mutable<Serve>;
    return reorder(serve, ["kind", "name", "model", "runtime", "protocol", "minReplicas", "maxReplicas", "scale", "canary", "deploymentMode", "transformer", "settings", "loc"]);
  }

  private transformer(items: readonly C.ComponentItemCstNode[], loc: Loc): Serve["transformer"] {
    const settings = new SettingsBuilder(this, "transformer");
    let image: { ref: string; loc: Loc } | undefined;
    let command: CommandItem[] = [];
    let args: CommandItem[] = [];
    const none = { inputs: [], outputs: [] };
    for (const item of items) {
      const c = item.children;
      if (c.KwImage) image = imageOf(this.plainString(c.string![0], "An image"));
      else if (c.KwRun) command = this.commandList(c.commandList![0], none);
      else if (c.KwArgs) args = this.commandList(c.commandList![0], none);
      else if (c.setting) settings.add(c.setting[0]);
      else this.report(M.settingNotAllowed.at(this.nodeLoc(item), firstTokenImage(item), "a transformer"));
    }
    if (image === undefined) {
      this.report(M.missingImage.at(loc, "transformer"));
      image = { ref: "", loc };
    }
    return { image, command, args, settings: settings.build(), loc };
  }
}

/** Collects settings of one owner, reporting duplicates and settings the owner does not take. */
class SettingsBuilder {
  private readonly s: Mutable<Settings> = {};

  constructor(
    private readonly lower: FileLowering,
    private readonly owner: keyof typeof ALLOWED_SETTINGS,
  ) {}

  add(setting: C.SettingCstNode): void {
    const c = setting.children;
    const kw = firstToken(setting);
    const name = kw.image;
    if (!ALLOWED_SETTINGS[this.owner].has(name)) {
      this.lower.reportDiagnostic(M.settingNotAllowed.at(this.lower.tokenLoc(kw), name, OWNER_DESCRIPTION[this.owner]));
      return;
    }
    const field = name === "cache" ? "caching" : (name as keyof Settings);
    if (this.s[field] !== undefined) {
      this.lower.reportDiagnostic(M.duplicateSetting.at(this.lower.tokenLoc(kw), name));
      return;
    }
    const loc = this.lower.tokenLoc(kw);
    const l = this.lower;
    switch (name) {
      case "env": this.s.env = l.env(c.struct![0]); break;
      case "resources": this.s.resources = l.resources(c.resourceItem ?? [], loc); break;
      case "volumes": this.s.volumes = l.volumes(c.struct![0]); break;
      case "retry": { const r = l.retry(c, loc); if (r) this.s.retry = r; break; }
      case "timeout": { const d = l.duration(c.scalar![0], "timeout"); if (d) this.s.timeout = d; break; }
      case "cache": this.s.caching = { value: c.KwOn !== undefined, loc }; break;
      case "nodeSelector": this.s.nodeSelector = l.keyValues(c.struct![0], "the node selector"); break;
      case "tolerations": this.s.tolerations = l.tolerations(c.list![0]); break;
      case "affinity": this.s.affinity = l.affinity(c.list![0]); break;
      case "labels": this.s.labels = l.keyValues(c.struct![0], "labels"); break;
      case "annotations": this.s.annotations = l.keyValues(c.struct![0], "annotations"); break;
      case "serviceAccount": { const v = l.plain(c.string![0], "A service account"); this.s.serviceAccount = { name: v.value, loc: v.loc }; break; }
      case "imagePullSecrets": this.s.imagePullSecrets = l.stringList(c.list![0], "An image pull secret"); break;
      case "securityContext": { const sc = l.securityContext(c.struct![0], loc); if (sc) this.s.securityContext = sc; break; }
    }
  }

  build(): Settings {
    return reorder(this.s, SETTINGS_ORDER);
  }
}

/** The IR's key order for settings, shared with the builder front end. */
export const SETTINGS_ORDER: readonly (keyof Settings)[] = [
  "env", "resources", "volumes", "retry", "timeout", "caching", "nodeSelector", "tolerations", "affinity",
  "labels", "annotations", "serviceAccount", "imagePullSecrets", "securityContext",
];

/** Assigns every step of a pipeline its name before lowering, in source order. */
class StepNamer {
  private readonly names = new Map<CstNode, string>();
  private readonly used = new Set<string>();

  collect(stmts: readonly C.StatementCstNode[]): void {
    const anonymous: { node: CstNode; base: string }[] = [];
    const visit = (list: readonly C.StatementCstNode[]) => {
      for (const s of list) {
        const c = s.children;
        if (c.stepStatement) {
          const st = c.stepStatement[0];
          const explicit = st.children.Identifier?.[0].image;
          if (explicit !== undefined) {
            this.names.set(st, explicit);
            this.used.add(explicit);
          } else {
            const base = st.children.call ? st.children.call[0].children.Identifier[0].image : "importer";
            anonymous.push({ node: st, base });
          }
        } else if (c.serveDecl) {
          this.used.add(c.serveDecl[0].children.Identifier[0].image);
        } else if (c.ifStatement) {
          for (const b of c.ifStatement[0].children.block) visit(b.children.statement ?? []);
        } else if (c.forStatement) {
          visit(c.forStatement[0].children.block[0].children.statement ?? []);
        }
      }
    };
    visit(stmts);
    for (const [node, name] of nameAnonymous(this.used, anonymous.map(({ node, base }) => ({ key: node, base })))) this.names.set(node, name);
  }

  nameOf(node: CstNode): string {
    return this.names.get(node)!;
  }

  all(): ReadonlySet<string> {
    return this.used;
  }
}

/** The primary of an expression that is nothing more than one primary (no operators, no `not`). */
function simplePrimary(e: C.ExpressionCstNode): (C.PrimaryCstNode & { sign?: boolean }) | undefined {
  const c = e.children;
  if (c.operand.length !== 1) return undefined;
  const o = c.operand[0].children;
  if (o.KwNot || (o.Minus && o.Minus.length > 1)) return undefined;
  const p = o.primary[0];
  if (p.children.LParen && !o.Minus) return simplePrimary(p.children.expression![0]);
  return o.Minus ? Object.assign(Object.create(p) as C.PrimaryCstNode, { sign: true }) : p;
}

function firstToken(node: CstNode): IToken {
  let best: IToken | undefined;
  for (const children of Object.values(node.children)) {
    for (const child of children) {
      const t = "image" in child ? child : firstToken(child);
      if (best === undefined || t.startOffset < best.startOffset) best = t;
    }
  }
  return best!;
}

function firstTokenImage(node: CstNode): string {
  return firstToken(node).image;
}

function joinLoc(a: Loc, b: Loc): Loc {
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

function imageOf(s: { value: string; loc: Loc }): { ref: string; loc: Loc } {
  return { ref: s.value, loc: s.loc };
}

/**
 * The object with its keys in a fixed order and `undefined` values left out, so the IR prints the
 * same whatever order the front end filled it in.
 */
export function reorder<T extends object>(o: T, order: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  for (const k of Object.keys(o)) {
    if (!(k in out) && (o as Record<string, unknown>)[k] !== undefined && !order.includes(k)) out[k] = (o as Record<string, unknown>)[k];
  }
  return out as T;
}
