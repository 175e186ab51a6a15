import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { WIDTH } from "../../src/explain/index.js";
import { IN_CI, UPDATE, writeAtomically } from "./update.js";

/**
 * The committed `mlpc explain` outputs: every example, without a cluster profile and with each example
 * profile (examples/clusters), as text and as JSON, under `test/golden/explain/<example>/`:
 * `<profile>.txt` and `<profile>.json` (`none` without a profile) exactly as the command prints them;
 * where the example does not fit the profile, `<profile>.errors.txt` instead: the exit code and what
 * the command printed on stderr. `npm run golden:update` rewrites them; CI never does.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const GOLDENS = join(REPO, "test", "golden", "explain");
const PROFILES = ["none", "gke", "eks", "onprem-mig"] as const;
const EXAMPLES = readdirSync(join(REPO, "examples")).filter((n) => n.endsWith(".mlpipe")).sort();

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(REPO, "schemas", "explain.schema.json"), "utf8")));

async function explain(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: REPO, env: {} };
  const code = await main(["explain", ...args, "--no-pretty"], io);
  return { code, stdout, stderr };
}

/** The files of one example and profile, by name. */
async function outputs(example: string, profile: (typeof PROFILES)[number]): Promise<Map<string, string>> {
  const args = [`examples/${example}`, ...(profile === "none" ? [] : ["--cluster", `examples/clusters/${profile}.yaml`])];
  const text = await explain(args);
  const json = await explain([...args, "--format", "json"]);
  const files = new Map<string, string>();
  if (text.code !== 0) {
    expect(json.code, "text and JSON runs agree").toBe(text.code);
    expect(json.stdout + text.stdout, "a failed run prints no report").toBe("");
    files.set(`${profile}.errors.txt`, `$ mlpc explain ${args.join(" ")}\nexit ${text.code}\n${text.stderr}`);
    return files;
  }
  expect(text.stderr + json.stderr, "a successful run prints nothing on stderr").toBe("");
  files.set(`${profile}.txt`, text.stdout);
  files.set(`${profile}.json`, json.stdout);
  return files;
}

describe("committed explain outputs (test/golden/explain)", () => {
  it("have no folder without an example", () => {
    const folders = existsSync(GOLDENS) ? readdirSync(GOLDENS).sort() : [];
    expect(folders.filter((f) => !EXAMPLES.includes(`${f}.mlpipe`))).toEqual([]);
  });

  for (const example of EXAMPLES) {
    const stem = example.replace(/\.mlpipe$/, "");
    it(example, async () => {
      const actual = new Map<string, string>();
      for (const profile of PROFILES) for (const [name, content] of await outputs(example, profile)) actual.set(name, content);
      // Whatever the goldens say, the report keeps its promises: text within WIDTH columns, JSON per the schema.
      for (const [name, content] of actual) {
        if (name.endsWith(".json")) expect(validate(JSON.parse(content)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        else if (!name.endsWith(".errors.txt")) for (const line of content.split("\n")) expect([...line].length, `${name}: ${line}`).toBeLessThanOrEqual(WIDTH);
      }
      const dir = join(GOLDENS, stem);
      if (UPDATE && !IN_CI) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const [file, content] of actual) writeAtomically(join(dir, file), content);
        return;
      }
      const hint = "if the change is intended run `npm run golden:update` and review the diff";
      expect(existsSync(dir), `test/golden/explain/${stem} is missing; ${hint}`).toBe(true);
      expect([...actual.keys()].sort(), `files for ${example}; ${hint}`).toEqual(readdirSync(dir).sort());
      for (const [file, content] of actual) expect(content, `test/golden/explain/${stem}/${file} differs; ${hint}`).toBe(readFileSync(join(dir, file), "utf8"));
    });
  }
});
