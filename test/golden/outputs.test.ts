import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { IN_CI, UPDATE, writeAtomically } from "./update.js";

/**
 * The committed outputs: every example compiled with `-t all` and with `-t rbac`, and every parity case with `-t kfp`
 * and `-t argo`, exactly as `mlpc compile` writes them, under `test/golden/outputs/<example>/` and
 * `test/golden/parity/<case>/`. Each folder also holds `compile.txt`: the exit code and what the
 * command printed on stderr (warnings), so a change to a diagnostic is reviewed like a change to a file.
 *
 * Any change to an emitter shows here as a diff to review. `npm run golden:update` rewrites the
 * folders (and deletes files no longer written); CI never does.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "mlpc-golden-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Suite {
  readonly title: string;
  /** Where the sources are, relative to the repository. */
  readonly sources: string;
  /** Where their expected outputs are, one folder per source. */
  readonly goldens: string;
  /** One `mlpc compile` run per entry, each with these target arguments. */
  readonly targets: readonly (readonly string[])[];
}

const SUITES: readonly Suite[] = [
  { title: "examples, every target", sources: "examples", goldens: "test/golden/outputs", targets: [["-t", "all"], ["-t", "rbac"]] },
  { title: "parity cases, KFP and Argo", sources: "test/parity/cases", goldens: "test/golden/parity", targets: [["-t", "kfp"], ["-t", "argo"]] },
];

/** Runs `mlpc compile` in process, from the repository root, into a fresh folder: its files and its report. */
async function compile(source: string, targets: readonly (readonly string[])[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const report: string[] = [];
  for (const target of targets) {
    const out = mkdtempSync(join(scratch, "out-"));
    let stderr = "";
    const io: Io = { stdout: () => {}, stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: REPO, env: {} };
    const code = await main(["compile", source, ...target, "-o", out, "--no-pretty"], io);
    report.push(`$ mlpc compile ${source} ${target.join(" ")} -o OUT`, `exit ${code}`, ...(stderr === "" ? [] : [stderr.replaceAll(out, "OUT").trimEnd()]));
    for (const name of readdirSync(out).sort()) {
      expect(files.has(name), `${source}: two runs write ${name}`).toBe(false);
      files.set(name, readFileSync(join(out, name), "utf8"));
    }
  }
  files.set("compile.txt", report.join("\n") + "\n");
  return files;
}

describe("committed outputs (test/golden)", () => {
  it("are not updated in CI", () => {
    expect(UPDATE && IN_CI, "MLPC_UPDATE_GOLDENS=1 is refused when CI is set").toBe(false);
  });

  for (const suite of SUITES) {
    const names = readdirSync(join(REPO, suite.sources)).filter((n) => n.endsWith(".mlpipe")).sort();
    const stems = names.map((n) => n.replace(/\.mlpipe$/, ""));

    describe(suite.title, () => {
      it("have no folder without a source", () => {
        const dir = join(REPO, suite.goldens);
        const folders = existsSync(dir) ? readdirSync(dir).sort() : [];
        expect(folders.filter((f) => !stems.includes(f)), `folders in ${suite.goldens} whose source is gone; delete them`).toEqual([]);
      });

      for (const [i, name] of names.entries()) {
        it(name, async () => {
          const actual = await compile(`${suite.sources}/${name}`, suite.targets);
          const dir = join(REPO, suite.goldens, stems[i]);
          if (UPDATE && !IN_CI) {
            rmSync(dir, { recursive: true, force: true });
            mkdirSync(dir, { recursive: true });
            for (const [file, content] of actual) writeAtomically(join(dir, file), content);
            return;
          }
          const hint = `if the change is intended run \`npm run golden:update\` and review the diff`;
          expect(existsSync(dir), `${suite.goldens}/${stems[i]} is missing; ${hint}`).toBe(true);
          expect([...actual.keys()].sort(), `files written for ${name}; ${hint}`).toEqual(readdirSync(dir).sort());
          for (const [file, content] of actual) {
            // Compared as text so that vitest shows a readable diff of the lines that changed.
            expect(content, `${suite.goldens}/${stems[i]}/${file} differs; ${hint}`).toBe(readFileSync(join(dir, file), "utf8"));
          }
        });
      }
    });
  }
});
