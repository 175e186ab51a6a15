import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

/**
 * Every symbol the package root exports has a doc comment (it is what editors show). Type-only
 * namespaces of the IR are covered by src/ir/types.ts's own comments and skipped here.
 */
it("documents every symbol exported from the package root", () => {
  const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (symbol.flags & ts.SymbolFlags.ValueModule || symbol.flags & ts.SymbolFlags.NamespaceModule) continue;
    const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const signatureDocs = (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    if (docs === "" && !signatureDocs) missing.push(exported.getName());
  }
  expect(missing).toEqual([]);
});
