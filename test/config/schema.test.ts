import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

// schemas/mlpc-config.schema.json against valid and invalid config files (issue 14 point 3).

const SCHEMA = JSON.parse(readFileSync(fileURLToPath(new URL("../../schemas/mlpc-config.schema.json", import.meta.url)), "utf8")) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: true }).compile(SCHEMA);

function errors(yamlText: string): string[] {
  validate(parse(yamlText));
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
}

describe("the config file's schema", () => {
  it("takes every documented field", () => {
    expect(
      errors(`$schema: ../schemas/mlpc-config.schema.json
rules:
  mlpc/unpinned-image: error
  mlpc/no-timeout: "off"
targets: [kfp, argo]
overrides:
  - files: ["pipelines/**/*.mlpipe"]
    rules: { mlpc/no-description: warn }
    targets: [katib]
cluster: clusters/prod.yaml
`),
    ).toEqual([]);
    expect(errors("{}")).toEqual([]);
  });

  it("refuses what is not in it, at the offending place", () => {
    expect(errors("rule: {}\n")).toEqual([" additionalProperties"]);
    expect(errors("rules: { mlpc/x: fatal }\n")).toEqual(["/rules/mlpc~1x enum"]);
    expect(errors("targets: [kfp, ir]\n")).toEqual(["/targets/1 enum"]);
    expect(errors("targets: [kfp, kfp]\n")).toEqual(["/targets uniqueItems"]);
    expect(errors("overrides: [{ rules: {} }]\n")).toEqual(["/overrides/0 required"]);
    expect(errors("overrides: [{ files: [], extra: 1 }]\n")).toEqual(["/overrides/0 additionalProperties", "/overrides/0/files minItems"]);
    expect(errors("cluster: 3\n")).toEqual(["/cluster type"]);
  });
});
