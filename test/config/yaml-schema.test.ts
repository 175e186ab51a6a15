import { describe, expect, it } from "vitest";
import { loadYamlWithSchema, pathText } from "../../src/config/yaml-schema.js";

// Settings files read against a JSON Schema: every problem is a diagnostic at its line and column.

const SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 1 },
    level: { enum: ["off", "warn", "error"] },
    count: { type: "integer", minimum: 1 },
    tags: { type: "array", uniqueItems: true, minItems: 1, items: { type: "string" } },
    pools: {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["id"], properties: { id: { type: "string" }, gpus: { type: "integer" } } },
    },
  },
};

function problems(text: string): string[] {
  const r = loadYamlWithSchema("s.yaml", text, SCHEMA, "test file");
  return r.diagnostics.map((d) => `${d.loc?.line}:${d.loc?.col} ${d.code} ${d.message}`);
}

describe("loadYamlWithSchema", () => {
  it("returns the value of a valid file, YAML or JSON", () => {
    expect(loadYamlWithSchema("s.yaml", "name: a\ntags: [x, y]\n", SCHEMA, "test file")).toEqual({ value: { name: "a", tags: ["x", "y"] }, diagnostics: [] });
    expect(loadYamlWithSchema("s.json", '{"name": "a", "count": 2}', SCHEMA, "test file").value).toEqual({ name: "a", count: 2 });
  });

  it("reports YAML syntax at its place", () => {
    expect(problems("name: a\ntags: [x, y\ncount: 2\n")).toEqual([expect.stringMatching(/^\d:\d+ MLP9012 The test file is not valid YAML: .*Flow sequence/)]);
    expect(problems("name: a\n\tcount: 2\n")).toHaveLength(1);
  });

  it("reports a repeated key as invalid YAML", () => {
    expect(problems("name: a\nname: b\n")).toEqual([expect.stringMatching(/^2:1 MLP9012 The test file is not valid YAML: Map keys must be unique/)]);
  });

  it("reports an unknown key at the key, with a suggestion", () => {
    expect(problems("name: a\nlevl: warn\n")).toEqual(["2:1 MLP9013 Unknown key 'levl' in the test file. Did you mean 'level'?"]);
    expect(problems("name: a\npools:\n  - id: p\n    gpu: 2\n")).toEqual(["4:5 MLP9013 Unknown key 'gpu' in 'pools[0]'. Did you mean 'gpus'?"]);
  });

  it("reports a missing key at the mapping that lacks it", () => {
    expect(problems("level: warn\n")).toEqual(["1:1 MLP9014 The test file needs the key 'name'."]);
    expect(problems("name: a\npools:\n  - gpus: 1\n")).toEqual(["3:5 MLP9014 'pools[0]' needs the key 'id'."]);
  });

  it("reports a wrong type at the value", () => {
    expect(problems("name: a\ncount: many\n")).toEqual(["2:8 MLP9015 'count' must be a whole number."]);
    expect(problems("- a\n")).toEqual(["1:1 MLP9015 The test file must be a mapping of keys to values."]);
    expect(problems("")).toEqual(["1:1 MLP9015 The test file must be a mapping of keys to values."]);
  });

  it("reports a value outside an enum with the allowed ones", () => {
    expect(problems("name: a\nlevel: warning\n")).toEqual(['2:8 MLP9016 \'level\' is "warning"; it must be one of "off", "warn", "error".']);
  });

  it("reports empty texts and lists, repeated items and other rules", () => {
    expect(problems('name: ""\n')).toEqual(["1:7 MLP9017 'name' must not be empty."]);
    expect(problems("name: a\ntags: []\n")).toEqual(["2:7 MLP9017 'tags' must not be empty."]);
    expect(problems("name: a\ntags: [x, y, x]\n")).toEqual(['2:14 MLP9018 \'tags\' lists "x" more than once.']);
    expect(problems("name: a\ncount: 0\n")).toEqual(["2:8 MLP9019 'count' is not valid: must be >= 1."]);
  });

  it("reports every problem, in file order", () => {
    expect(problems("count: 0\nname: a\nextra: 1\n").map((p) => p.slice(0, 3))).toEqual(["1:8", "3:1"]);
  });

  it("names places as paths", () => {
    expect(pathText(["overrides", 0, "files", 2])).toBe("overrides[0].files[2]");
    expect(pathText(["rules", "mlpc/image-digest"])).toBe('rules["mlpc/image-digest"]');
  });
});
