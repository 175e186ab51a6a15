import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigFinder } from "../../src/config/discover.js";
import { loadConfig } from "../../src/config/load.js";
import { resolveSettings, Settings } from "../../src/config/settings.js";
import type { MlpcConfig } from "../../src/config/types.js";
import { writeTree } from "../cli/support.js";

// The config file: found by walking up from each file, loaded against its schema and the rule ids,
// and resolved per file with its overrides.

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "mlpc-config-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const IDS = ["mlpc/image-digest", "mlpc/serve-resources"];
const problems = (ds: readonly { code: string; message: string; loc?: { line: number; col: number } }[]) =>
  ds.map((d) => `${d.loc ? `${d.loc.line}:${d.loc.col} ` : ""}${d.code} ${d.message}`);

describe("discovery", () => {
  it("takes the nearest folder's config file, up to the root", () => {
    writeTree(dir, { "mlpc.config.yaml": "targets: [kfp]\n", "a/b/mlpc.config.json": "{}", "a/b/c/x.mlpipe": "", "a/y.mlpipe": "" });
    const finder = new ConfigFinder();
    expect(finder.find(join(dir, "a/b/c"))).toEqual({ file: join(dir, "a/b/mlpc.config.json"), diagnostics: [] });
    expect(finder.find(join(dir, "a"))).toEqual({ file: join(dir, "mlpc.config.yaml"), diagnostics: [] });
  });

  it("finds .yml too, and nothing when no folder up to the root has one", () => {
    writeTree(dir, { "p/mlpc.config.yml": "{}\n", "q/x.mlpipe": "" });
    const exists = (path: string) => path === join(dir, "p/mlpc.config.yml");
    const finder = new ConfigFinder(undefined, exists);
    expect(finder.find(join(dir, "p"))).toEqual({ file: join(dir, "p/mlpc.config.yml"), diagnostics: [] });
    expect(finder.find(join(dir, "q"))).toEqual({ diagnostics: [] });
  });

  it("two config files in one folder are an error naming both (MLP9011)", () => {
    writeTree(dir, { "mlpc.config.yaml": "{}\n", "mlpc.config.json": "{}" });
    const found = new ConfigFinder(() => "here").find(dir);
    expect(problems(found.diagnostics)).toEqual(["MLP9011 The folder 'here' holds two config files, 'mlpc.config.yaml' and 'mlpc.config.json'; keep one."]);
    expect(found.file).toBeUndefined();
  });

  it("looks at each folder once", () => {
    const asked: string[] = [];
    const finder = new ConfigFinder(undefined, (path) => (asked.push(path), false));
    finder.find(join(dir, "a/b"));
    const first = asked.length;
    finder.find(join(dir, "a/b"));
    finder.find(join(dir, "a"));
    expect(asked.length).toBe(first);
  });
});

describe("loading", () => {
  it("returns a valid config, $schema allowed", () => {
    writeTree(dir, { "c.yaml": "$schema: ./schemas/mlpc-config.schema.json\nrules:\n  mlpc/image-digest: error\n" });
    expect(loadConfig(join(dir, "c.yaml"), "c.yaml", () => IDS).config).toEqual({
      $schema: "./schemas/mlpc-config.schema.json",
      rules: { "mlpc/image-digest": "error" },
    });
  });

  it("an unknown rule id is an error at its key, top level and in overrides, with a suggestion (MLP9020)", () => {
    writeTree(dir, {
      "c.yaml": "rules:\n  mlpc/image-digest: warn\n  mlpc/image-digets: error\noverrides:\n  - files: ['*.mlpipe']\n    rules:\n      no-such-rule: off\n",
    });
    const r = loadConfig(join(dir, "c.yaml"), "c.yaml", () => IDS);
    expect(r.config).toBeUndefined();
    expect(problems(r.diagnostics)).toEqual([
      "3:3 MLP9020 Unknown rule 'mlpc/image-digets' in 'rules'. Did you mean 'mlpc/image-digest'?",
      "7:7 MLP9020 Unknown rule 'no-such-rule' in 'overrides[0].rules'.",
    ]);
  });

  it("does not ask for the rule ids when the file sets no rule", () => {
    writeTree(dir, { "c.json": '{"targets": ["argo"]}' });
    const r = loadConfig(join(dir, "c.json"), "c.json", () => {
      throw new Error("asked");
    });
    expect(r.config).toEqual({ targets: ["argo"] });
  });

  it("schema problems are at their line; an unreadable file is MLP9010 at no place", () => {
    writeTree(dir, { "c.yaml": "targets: [kfp]\nrules:\n  mlpc/image-digest: loud\n" });
    expect(problems(loadConfig(join(dir, "c.yaml"), "c.yaml", () => IDS).diagnostics)).toEqual([
      `3:22 MLP9016 'rules["mlpc/image-digest"]' is "loud"; it must be one of "off", "warn", "error".`,
    ]);
    expect(problems(loadConfig(join(dir, "none.yaml"), "none.yaml", () => IDS).diagnostics)).toEqual([
      "MLP9010 Cannot read the config file 'none.yaml': no such file or directory.",
    ]);
  });
});

describe("resolution", () => {
  const config: MlpcConfig = {
    rules: { "mlpc/image-digest": "error", "mlpc/serve-resources": "warn" },
    targets: ["kfp", "argo"],
    overrides: [
      { files: ["serving/**"], rules: { "mlpc/serve-resources": "off" }, targets: ["kserve"] },
      { files: ["serving/legacy/*.mlpipe"], rules: { "mlpc/serve-resources": "error" } },
      { files: ["*.mlpipe"], rules: { "mlpc/image-digest": "warn" } },
    ],
    cluster: "../clusters/prod.yaml",
  };

  it("top level, then each matching override, later entries winning", () => {
    expect(resolveSettings(config, "/repo/ml", "train.mlpipe")).toEqual({
      rules: { "mlpc/image-digest": "warn", "mlpc/serve-resources": "warn" },
      targets: ["kfp", "argo"],
      cluster: "/repo/clusters/prod.yaml",
    });
    expect(resolveSettings(config, "/repo/ml", "serving/a/b.mlpipe")).toEqual({
      rules: { "mlpc/image-digest": "error", "mlpc/serve-resources": "off" },
      targets: ["kserve"],
      cluster: "/repo/clusters/prod.yaml",
    });
    expect(resolveSettings(config, "/repo/ml", "serving/legacy/old.mlpipe").rules).toEqual({ "mlpc/image-digest": "error", "mlpc/serve-resources": "error" });
  });

  it("standard input gets the top-level settings only", () => {
    expect(resolveSettings(config, "/repo/ml", undefined).rules).toEqual(config.rules);
  });

  it("Settings resolves each file against its nearest config, relative to that config's folder", async () => {
    writeTree(dir, {
      "mlpc.config.yaml": "targets: [kfp]\ncluster: clusters/dev.yaml\noverrides:\n  - files: ['serving/*.mlpipe']\n    targets: [kserve]\n",
      "serving/s.mlpipe": "",
      "other/mlpc.config.json": '{"targets": ["argo"]}',
      "other/o.mlpipe": "",
    });
    const s = await Settings.forFiles(["serving/s.mlpipe", "other/o.mlpipe", "<stdin>"], dir, undefined);
    expect(s.diagnostics).toEqual([]);
    expect(s.settingsFor("serving/s.mlpipe").targets).toEqual(["kserve"]);
    expect(s.settingsFor("other/o.mlpipe").targets).toEqual(["argo"]);
    expect(s.settingsFor("<stdin>").targets).toEqual(["kfp"]);
    expect(s.clusterOf("serving/s.mlpipe")).toBe(join(dir, "clusters/dev.yaml"));
    expect(s.clusterOf("other/o.mlpipe")).toBeUndefined();
  });

  it("--config takes one file for every input; --no-config none", async () => {
    writeTree(dir, { "mlpc.config.yaml": "targets: [kfp]\n", "ci/strict.yaml": "targets: [katib]\n", "a/x.mlpipe": "" });
    const given = await Settings.forFiles(["a/x.mlpipe"], dir, "ci/strict.yaml");
    expect(given.settingsFor("a/x.mlpipe").targets).toEqual(["katib"]);
    const none = await Settings.forFiles(["a/x.mlpipe"], dir, false);
    expect(none.settingsFor("a/x.mlpipe")).toEqual({ rules: {} });
    const missing = await Settings.forFiles([], dir, "nope.yaml");
    expect(problems(missing.diagnostics)).toEqual(["MLP9010 Cannot read the config file 'nope.yaml': no such file or directory."]);
  });
});
