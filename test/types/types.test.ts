import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const FIXTURES = ["wiring.fixture.ts"];

/**
 * Type-checks a fixture with its `@ts-expect-error` comments turned into plain comments, and returns
 * the lines tsc reports errors on, and the lines the fixture expects errors on.
 */
function check(name: string): { expected: number[]; errors: Map<number, string[]> } {
  const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const original = readFileSync(path, "utf8");
  const lines = original.split("\n");
  const expected: number[] = [];
  const text = lines
    .map((l, i) => {
      if (!l.trim().startsWith("// @ts-expect-error")) return l;
      expected.push(i + 2); // the line after the comment, 1-based
      return l.replace("@ts-expect-error", "expect-error:");
    })
    .join("\n");
  const configPath = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile;
  host.readFile = (f) => (f === path ? text : read(f));
  const program = ts.createProgram([path], { ...config.options, noEmit: true }, host);
  const errors = new Map<number, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program, program.getSourceFile(path))) {
    if (d.file?.fileName !== path || d.start === undefined) continue;
    const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    errors.set(line, [...(errors.get(line) ?? []), ts.flattenDiagnosticMessageText(d.messageText, "\n")]);
  }
  return { expected, errors };
}

describe("builder types catch wiring mistakes in the editor", () => {
  for (const name of FIXTURES) {
    it(`${name}: every marked line is a tsc error, and nothing else is`, () => {
      const { expected, errors } = check(name);
      expect(expected.length).toBeGreaterThan(10);
      for (const line of expected) expect(errors.has(line), `line ${line} should not type-check`).toBe(true);
      const unexpected = [...errors.keys()].filter((l) => !expected.includes(l));
      expect(unexpected.map((l) => `${l}: ${errors.get(l)!.join(" / ")}`)).toEqual([]);
    });
  }
});
