// The TypeScript program of the builder's public entry, for the scripts that read its declarations
// (builder-docs.mjs, builder-shapes.mjs): the type checker and what the entry exports, by name.
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = `${ROOT}src/frontend/builder/index.ts`;

/** The checker and the entry's exports (aliases as exported, in declaration order). */
export function builderExports() {
  const program = ts.createProgram([ENTRY], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(ENTRY)));
  return { checker, exports };
}
