import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandItem, Component, Expr, Loc, Placeholder, SearchParam } from "../../ir/types.js";
import { literalText } from "../kubernetes/pod.js";

/** Where a trial's container writes the file of each output (`model.path`): one emptyDir volume. */
export const OUTPUTS_DIR = "/tmp/outputs";

/** The file an output is written to inside a trial's container. */
export function outputFile(output: string): string {
  return `${OUTPUTS_DIR}/${output}`;
}

/** How Katib writes a trial parameter into the trial's manifest before the pod is created. */
export function trialParameterRef(name: string): string {
  return `\${trialParameters.${name}}`;
}

/** One element of the trial's command line. */
export interface TrialArg {
  readonly text: string;
  /** Whether the element reaches the container intact when Katib joins the command line with spaces. */
  readonly shellSafe: boolean;
  readonly loc: Loc;
}

/** The values the trial's container gets for the component's inputs. */
export interface TrialInputs {
  readonly searched: ReadonlyMap<string, SearchParam>;
  /** The tune's `with` values. */
  readonly fixed: ReadonlyMap<string, Expr>;
}

/** A rendered command or args list, plus the outputs whose `.path` it contains. */
export interface RenderedCommand {
  readonly args: TrialArg[];
  readonly outputPaths: Set<string>;
  readonly searchedUsed: Set<string>;
}

/**
 * A component's `run` or `args` for one trial: searched inputs become Katib's
 * `${trialParameters.<input>}` (substituted by Katib when it creates the trial), inputs given in
 * `with` their value, other inputs their default; `if x [ … ]` keeps its elements when `x` has a value
 * in the trial; an output's `.path` is a file under `/tmp/outputs`. A trial is one pod with no artifact
 * store, so artifact inputs, URIs and metadata have no value (MLP4205).
 */
export function renderCommand(
  items: readonly CommandItem[],
  component: Component,
  inputs: TrialInputs,
  diagnostics: Diagnostic[],
): RenderedCommand {
  const out: RenderedCommand = { args: [], outputPaths: new Set(), searchedUsed: new Set() };
  const hasValue = (name: string): boolean => {
    if (inputs.searched.has(name) || inputs.fixed.has(name)) return true;
    return component.inputs.find((i) => i.name === name)?.default !== undefined;
  };
  const visit = (list: readonly CommandItem[]): void => {
    for (const item of list) {
      if (item.kind === "ifPresent") {
        visit(hasValue(item.input) ? item.then : item.otherwise);
        continue;
      }
      let text = "";
      let shellSafe = true;
      for (const part of item.parts) {
        if (part.kind === "text") {
          text += part.value;
          shellSafe &&= isShellSafe(part.value);
          continue;
        }
        const v = placeholderValue(part, component, inputs, out, diagnostics);
        text += v.text;
        shellSafe &&= v.shellSafe;
      }
      // An empty argument disappears when Katib joins the command line.
      out.args.push({ text, shellSafe: shellSafe && text !== "", loc: item.loc });
    }
  };
  visit(items);
  return out;
}

function placeholderValue(
  p: Placeholder,
  component: Component,
  inputs: TrialInputs,
  out: RenderedCommand,
  diagnostics: Diagnostic[],
): { text: string; shellSafe: boolean } {
  const none = (why: string) => {
    diagnostics.push(M.katibNoValue.at(p.loc, `${p.name}${PLACEHOLDER_SUFFIX[p.ref]}`, why));
    return { text: "", shellSafe: true };
  };
  switch (p.ref) {
    case "inputValue": {
      const searched = inputs.searched.get(p.name);
      if (searched !== undefined) {
        out.searchedUsed.add(p.name);
        return { text: trialParameterRef(p.name), shellSafe: searchValuesShellSafe(searched) };
      }
      const value = inputs.fixed.get(p.name) ?? component.inputs.find((i) => i.name === p.name)?.default;
      if (value === undefined) return none("the input is neither searched nor given in 'with' and has no default");
      const text = literalText(value);
      if (text === undefined) return none("a tune gives inputs literal values only");
      return { text, shellSafe: isShellSafe(text) };
    }
    case "outputPath":
      out.outputPaths.add(p.name);
      return { text: outputFile(p.name), shellSafe: true };
    case "inputPath":
    case "inputUri":
    case "inputMetadata":
      return none("a trial runs as one pod with no artifact store, so it receives no artifacts; pass a URI as a String input instead");
    case "outputUri":
    case "outputMetadata":
      return none("a trial runs as one pod with no artifact store; write the output to its '.path'");
  }
}

/** How a placeholder is written in the language, after the input or output name. */
const PLACEHOLDER_SUFFIX: Readonly<Record<Placeholder["ref"], string>> = {
  inputValue: "",
  inputPath: ".path",
  inputUri: ".uri",
  inputMetadata: ".metadata",
  outputPath: ".path",
  outputUri: ".uri",
  outputMetadata: ".metadata",
};

/** Characters a POSIX shell takes literally in an unquoted word (Python's `shlex.quote` leaves these bare). */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]*$/;

export function isShellSafe(text: string): boolean {
  return SHELL_SAFE.test(text);
}

/** Numbers are always shell-safe; categorical values are when every one of them is. */
function searchValuesShellSafe(s: SearchParam): boolean {
  if (s.type !== "categorical") return true;
  return (s.values ?? []).every((v) => typeof v !== "string" || (v !== "" && isShellSafe(v)));
}

/** One word for `sh -c`: bare when safe, else single-quoted (a quote inside as `'\''`). */
export function shellQuote(text: string): string {
  if (text !== "" && isShellSafe(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
