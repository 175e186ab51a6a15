import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";

/** `main` in-process with a fake terminal and environment: colour choice and the internal-error guard. */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlpc-main-"));
  writeFileSync(join(dir, "broken.mlpipe"), "pipeline p {\n  x = f(\n}\n");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fakeIo(overrides: Partial<Io> = {}): Io & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: dir,
    env: {},
    ...overrides,
    out: () => out,
    err: () => err,
  };
}

const ESC = "\u001b[";

describe("colour", () => {
  it("is on for a terminal when NO_COLOR is unset", async () => {
    const io = fakeIo({ stdoutIsTTY: true });
    expect(await main(["check", "broken.mlpipe"], io)).toBe(1);
    expect(io.out()).toContain(ESC);
  });

  it("is off for a terminal when NO_COLOR is set", async () => {
    const io = fakeIo({ stdoutIsTTY: true, env: { NO_COLOR: "1" } });
    expect(await main(["check", "broken.mlpipe"], io)).toBe(1);
    expect(io.out()).not.toContain(ESC);
  });

  it("--pretty overrides NO_COLOR on a terminal", async () => {
    const io = fakeIo({ stdoutIsTTY: true, env: { NO_COLOR: "1" } });
    await main(["check", "--pretty", "broken.mlpipe"], io);
    expect(io.out()).toContain(ESC);
  });

  it("--no-pretty turns it off on a terminal", async () => {
    const io = fakeIo({ stdoutIsTTY: true });
    await main(["check", "--no-pretty", "broken.mlpipe"], io);
    expect(io.out()).not.toContain(ESC);
  });

  it("is never on when the output is not a terminal, even with --pretty", async () => {
    const io = fakeIo({ stdoutIsTTY: false });
    await main(["check", "--pretty", "broken.mlpipe"], io);
    expect(io.out()).not.toContain(ESC);
    expect(io.out()).toContain("MLP1");
  });

  it("follows stderr for compile, whose diagnostics go there", async () => {
    const io = fakeIo({ stdoutIsTTY: false, stderrIsTTY: true });
    expect(await main(["compile", "broken.mlpipe", "-t", "ir"], io)).toBe(1);
    expect(io.err()).toContain(ESC);
    expect(io.out()).toBe("");
  });
});

describe("internal errors", () => {
  const failing = (env: Io["env"]): ReturnType<typeof fakeIo> => {
    const io = fakeIo({ env });
    return {
      ...io,
      stdout: () => {
        throw new Error("disk on fire");
      },
    };
  };

  it("print 'mlpc: internal error', exit 70, and keep the stack out", async () => {
    const io = failing({});
    expect(await main(["--version"], io)).toBe(70);
    expect(io.err()).toContain("mlpc: internal error: disk on fire");
    expect(io.err()).not.toMatch(/^\s+at /m);
  });

  it("show the stack with MLPC_DEBUG=1", async () => {
    const io = failing({ MLPC_DEBUG: "1" });
    expect(await main(["--version"], io)).toBe(70);
    expect(io.err()).toMatch(/^\s+at /m);
  });
});
