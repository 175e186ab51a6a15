// Component declarations: inputs, outputs, image, the `run`/`args` command lists and their
// placeholders.

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import { numberText } from "../../common/values.js";
import type { IToken } from "chevrotain";
import type { CommandItem, Component, Input, Loc, Output, Placeholder, Text } from "../../../ir/types.js";
import { type Lowering, type Mutable, first, tokenLoc, nodeLoc, report, simplePrimary, imageOf, reorder } from "./context.js";
import { SettingsBuilder } from "./settings.js";
import { identifier, lowerLiteral, plainString, stringPieces } from "./literals.js";
import { lowerType } from "./types.js";

export function lowerComponent(cx: Lowering, d: C.ComponentDeclCstNode): Component {
  const { name, loc } = identifier(cx, d.children.Identifier);
  const inputs: Input[] = [];
  const outputs: Output[] = [];
  let description: string | undefined;
  let image: { ref: string; loc: Loc } | undefined;
  let runItems: C.CommandListCstNode | undefined;
  let argItems: C.CommandListCstNode | undefined;
  let sideEffects = false;
  const settings = new SettingsBuilder(cx, "component");
  for (const item of d.children.componentItem ?? []) {
    const c = item.children;
    if (c.descriptionItem) description = plainString(cx, c.descriptionItem[0].children.string[0], "A description").value;
    else if (c.KwImage) image = once(cx, image, c.KwImage[0], () => imageOf(plainString(cx, c.string![0], "An image")));
    else if (c.inputDecl) inputs.push(lowerInput(cx, c.inputDecl[0]));
    else if (c.outputDecl) {
      const o = c.outputDecl[0];
      const id = identifier(cx, o.children.Identifier);
      if (o.children.expression) report(cx, M.componentOutputValue.at(nodeLoc(cx, o.children.expression[0]), id.name));
      outputs.push({ kind: "output", name: id.name, type: lowerType(cx, o.children.typeRef[0]), loc: id.loc });
    } else if (c.KwRun) runItems = once(cx, runItems, c.KwRun[0], () => c.commandList![0]);
    else if (c.KwArgs) argItems = once(cx, argItems, c.KwArgs[0], () => c.commandList![0]);
    else if (c.KwSideEffects) sideEffects = true;
    else if (c.setting) settings.add(c.setting[0]);
  }
  if (image === undefined) {
    report(cx, M.missingImage.at(loc, name));
    image = { ref: "", loc };
  }
  const io = { inputs, outputs };
  const component: Mutable<Component> = {
    kind: "component",
    name,
    image,
    inputs,
    outputs,
    command: runItems ? commandList(cx, runItems, io) : [],
    args: argItems ? commandList(cx, argItems, io) : [],
    settings: settings.build(),
    sideEffects,
    loc,
  };
  if (description !== undefined) component.description = description;
  return reorder(component, ["kind", "name", "description", "image", "inputs", "outputs", "command", "args", "settings", "sideEffects", "loc"]);
}

/** Reports a second occurrence of a single-valued item and keeps the first. */
export function once<T>(cx: Lowering, existing: T | undefined, keyword: IToken, make: () => T): T {
  if (existing !== undefined) {
    report(cx, M.duplicateSetting.at(tokenLoc(cx, keyword), keyword.image));
    return existing;
  }
  return make();
}

export function lowerInput(cx: Lowering, d: C.InputDeclCstNode): Input {
  const id = identifier(cx, d.children.Identifier);
  const type = lowerType(cx, d.children.typeRef[0]);
  const input: Mutable<Input> = { kind: "input", name: id.name, type, optional: d.children.Question !== undefined, loc: id.loc };
  const def = first(d.children.expression);
  if (def !== undefined) input.default = lowerLiteral(cx, def, `The default of '${id.name}'`);
  return reorder(input, ["kind", "name", "type", "default", "optional", "loc"]);
}

export function commandList(cx: Lowering, list: C.CommandListCstNode, io: { inputs: readonly Input[]; outputs: readonly Output[] }): CommandItem[] {
  const items: CommandItem[] = [];
  for (const item of list.children.commandItem ?? []) {
    const c = item.children;
    const loc = nodeLoc(cx, item);
    if (c.KwIf) {
      const lists = c.commandList!;
      items.push({
        kind: "ifPresent",
        input: c.Identifier![0].image,
        then: commandList(cx, lists[0], io),
        otherwise: lists[1] ? commandList(cx, lists[1], io) : [],
        loc,
      });
      continue;
    }
    const primary = simplePrimary(c.expression![0]);
    if (primary === undefined) {
      report(cx, M.invalidCommandElement.at(loc));
      continue;
    }
    const p = primary.children;
    if (p.string) {
      const { pieces } = stringPieces(cx, p.string[0]);
      const parts: (Text | Placeholder)[] = pieces.map((piece) =>
        piece.kind === "text" ? { kind: "text", value: piece.value, loc: piece.loc } : placeholder(cx, piece.path, piece.loc, io),
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
      items.push({ kind: "arg", parts: [placeholder(cx, path, loc, io)], loc });
    } else {
      report(cx, M.invalidCommandElement.at(loc));
    }
  }
  return items;
}

export function placeholder(cx: Lowering, path: readonly string[], loc: Loc, io: { inputs: readonly Input[]; outputs: readonly Output[] }): Placeholder {
  const [name, prop] = path;
  const isOutput = !io.inputs.some((i) => i.name === name) && io.outputs.some((o) => o.name === name);
  if (path.length > 2) {
    report(cx, M.invalidPlaceholder.at(loc, path.join("."), "write a name or name.path, name.uri or name.metadata"));
  }
  if (prop === undefined) {
    if (isOutput) report(cx, M.invalidPlaceholder.at(loc, name, `an output is written to a file; write '${name}.path'`));
    return { kind: "placeholder", ref: isOutput ? "outputPath" : "inputValue", name, loc };
  }
  const byProp: Record<string, [Placeholder["ref"], Placeholder["ref"]]> = {
    path: ["inputPath", "outputPath"],
    uri: ["inputUri", "outputUri"],
    metadata: ["inputMetadata", "outputMetadata"],
  };
  const refs = byProp[prop];
  if (refs === undefined) {
    report(cx, M.invalidPlaceholder.at(loc, path.join("."), `'${prop}' is not a property; use path, uri or metadata${didYouMean(prop, Object.keys(byProp))}`));
    return { kind: "placeholder", ref: isOutput ? "outputPath" : "inputPath", name, loc };
  }
  return { kind: "placeholder", ref: isOutput ? refs[1] : refs[0], name, loc };
}
