import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { WIDTH } from "../../src/explain/index.js";

/**
 * `mlpc explain` over every source of the test corpus — the error cases, the parity cases (a case per
 * construct) and the reproduced KFP goldens: it never crashes, it fails where `mlpc check` fails (exit
 * 1 with the errors on stderr and no report), and otherwise its text stays within 100 columns and its
 * JSON is valid per the schema.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const DIRS = ["test/cases", "test/parity/cases", "test/upstream/kfp"];
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(REPO, "schemas", "explain.schema.json"), "utf8")));

async function mlpc(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: REPO, env: {} };
  const code = await main([command, ...args, "--no-pretty", "--no-config"], io);
  return { code, stdout, stderr };
}

describe("mlpc explain over the test corpus", () => {
  for (const dir of DIRS) {
    it(dir, async () => {
      const files = readdirSync(join(REPO, dir)).filter((f) => f.endsWith(".mlpipe") && !f.startsWith("_")).sort();
      expect(files.length).toBeGreaterThan(10);
      let explained = 0;
      for (const file of files) {
        const path = `${dir}/${file}`;
        const text = await mlpc("explain", [path]);
        const json = await mlpc("explain", [path, "--format", "json"]);
        const check = await mlpc("check", [path, "--quiet"]);
        expect([text.code, json.code], path).toEqual([check.code, check.code]);
        expect(text.stderr + json.stderr, path).not.toContain("internal error");
        if (text.code !== 0) {
          expect(text.stdout + json.stdout, `${path}: no report after an error`).toBe("");
          expect(text.stderr, path).toMatch(/ - error MLP\d{4}: /);
          continue;
        }
        explained++;
        for (const line of text.stdout.split("\n")) expect([...line].length, `${path}: ${line}`).toBeLessThanOrEqual(WIDTH);
        expect(validate(JSON.parse(json.stdout)), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      // Most parity cases and reproductions check cleanly (a few show what a target rejects).
      if (dir !== "test/cases") expect(explained).toBeGreaterThan(files.length - 5);
    });
  }
});
