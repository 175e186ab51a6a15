import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SourceHost } from "../../src/frontend/host.js";
import { richProgram, stripLoc } from "./fixtures.js";
import { irErrors, irSchema, strictAjv } from "./validator.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const examplesDir = join(repoRoot, "examples");

/** A host over real files, relative to the repository root. */
const fileHost: SourceHost = {
  readFile(path) {
    try {
      return readFileSync(join(repoRoot, path));
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code === "EISDIR" ? "is a directory" : "no such file" };
    }
  },
};

function mlpipeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".mlpipe"))
    .map((f) => relative(repoRoot, join(dir, f)).split("\\").join("/"))
    .sort();
}

/** A deep copy that can be edited freely. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe("IR JSON Schema", () => {
  it("is draft 2020-12 with an id, a title and a description", () => {
    expect(irSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(irSchema.$id).toMatch(/^https:\/\/.+\/mlpc-ir\.schema\.json$/);
    expect(irSchema.title).toEqual(expect.any(String));
    expect(irSchema.description).toEqual(expect.any(String));
  });

  it("compiles with Ajv in strict mode", () => {
    expect(() => strictAjv().compile(irSchema)).not.toThrow();
  });

  it("closes every object: additionalProperties is false wherever properties are listed", () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`));
      else if (node !== null && typeof node === "object") {
        const o = node as Record<string, unknown>;
        if (o.type === "object" && o.additionalProperties !== false) open.push(path);
        for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
      }
    };
    walk(irSchema, "#");
    expect(open).toEqual([]);
  });

  describe("hand-written IR", () => {
    it("accepts the smallest program", () => {
      expect(irErrors({ kind: "program", components: [], pipelines: [], tunes: [], serves: [] })).toEqual([]);
    });

    it("accepts a program that uses every node, with and without locations", () => {
      const program = richProgram();
      expect(irErrors(program)).toEqual([]);
      expect(irErrors(stripLoc(program))).toEqual([]);
    });

    it("rejects an unknown field at the top", () => {
      expect(irErrors({ ...richProgram(), version: 1 })).not.toEqual([]);
    });

    it("rejects an unknown field deep inside", () => {
      const p = copy(richProgram()) as any;
      p.pipelines[0].body[1].arguments[0].value.extra = true;
      expect(irErrors(p)).not.toEqual([]);
      const q = copy(richProgram()) as any;
      q.components[0].settings.resources.gpu.model = "a100";
      expect(irErrors(q)).not.toEqual([]);
    });

    it("rejects an extra field in a location", () => {
      const p = copy(richProgram()) as any;
      p.components[0].loc.offset = 12;
      expect(irErrors(p)).not.toEqual([]);
    });

    it("rejects a location that is not 1-based or lacks a field", () => {
      const p = copy(richProgram()) as any;
      p.components[0].loc.line = 0;
      expect(irErrors(p)).not.toEqual([]);
      const q = copy(richProgram()) as any;
      delete q.components[0].loc.endCol;
      expect(irErrors(q)).not.toEqual([]);
      const r = copy(richProgram()) as any;
      r.components[0].loc.col = 1.5;
      expect(irErrors(r)).not.toEqual([]);
    });

    it("rejects a wrong kind", () => {
      const p = copy(richProgram()) as any;
      p.kind = "module";
      expect(irErrors(p)).not.toEqual([]);
      const q = copy(richProgram()) as any;
      q.pipelines[0].body[1].kind = "task";
      expect(irErrors(q)).not.toEqual([]);
      const r = copy(richProgram()) as any;
      // A valid kind in the wrong place: a Type where an Expr is expected.
      r.pipelines[0].params[0].default = { kind: "artifact", name: "Model" };
      expect(irErrors(r)).not.toEqual([]);
    });

    it("rejects a missing required field", () => {
      const p = copy(richProgram()) as any;
      delete p.serves;
      expect(irErrors(p)).not.toEqual([]);
      const q = copy(richProgram()) as any;
      delete q.components[0].inputs[0].optional;
      expect(irErrors(q)).not.toEqual([]);
      const r = copy(richProgram()) as any;
      delete r.pipelines[0].body[1].settings;
      expect(irErrors(r)).not.toEqual([]);
    });

    it("rejects values outside the string unions", () => {
      const p = copy(richProgram()) as any;
      p.components[0].inputs[1].type.name = "Double";
      expect(irErrors(p)).not.toEqual([]);
      const q = copy(richProgram()) as any;
      q.pipelines[0].body[2].branches[0].condition.left.op = "=<";
      expect(irErrors(q)).not.toEqual([]);
      const r = copy(richProgram()) as any;
      r.pipelines[0].body[2].branches[0].condition.kind = "xor";
      expect(irErrors(r)).not.toEqual([]);
    });

    it("rejects wrong primitive types", () => {
      const p = copy(richProgram()) as any;
      p.components[0].sideEffects = "no";
      expect(irErrors(p)).not.toEqual([]);
      const q = copy(richProgram()) as any;
      q.pipelines[0].params[0].default.value = 3;
      expect(irErrors(q)).not.toEqual([]);
    });
  });

  describe("the examples' IR", () => {
    const files = mlpipeFiles(examplesDir);

    it("there are examples to check", () => {
      expect(files.length, "no examples/**/*.mlpipe found").toBeGreaterThan(0);
    });

    // An example whose expected output is a diagnostics listing (`<name>.errors.txt`) is meant to fail.
    const valid = files.filter((f) => !existsSync(join(repoRoot, f.replace(/\.mlpipe$/, ".errors.txt"))));

    it.each(valid)("%s checks without errors and validates, with and without locations", async (file) => {
      // Imported here so that the schema's own tests above run even while the front end is broken.
      const { checkFile } = await import("../../src/compiler.js");
      const result = checkFile(file, fileHost);
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col} ${d.message}`)).toEqual([]);
      expect(result.program).toBeDefined();
      const json = JSON.parse(JSON.stringify(result.program)) as unknown;
      expect(irErrors(json)).toEqual([]);
      expect(irErrors(stripLoc(json))).toEqual([]);
    });
  });
});
