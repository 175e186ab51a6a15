import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parseDocument } from "yaml";
import { compareCodePoints, looksLikeNonString, toYaml } from "../../src/output/yaml.js";

/** Parses every document of a YAML text back to plain values (Maps become objects). */
function parseAll(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

/** JSON-like values as the back ends build them. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string({ unit: "binary" }),
    fc.constantFrom("yes", "no", "on", "off", "y", "null", "~", "", "1_000", "0x1F", "0o17", "017", "1:30", "2024-01-01", ".inf", "1e3", "-.5", "<<", "=", "true", "False", "#x", "- x", "a: b", "{x}", "[x]", "'q'", '"q"', "  lead", "trail ", "a\nb", "a\n", "\nlead", "a \nb", "\t", "x\r\ny", "\u2028", "\ufeff"),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary", maxLength: 6 }).filter((k) => k !== "__proto__"), tie("value"), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

/** The writer writes `-0` as `0`, as JSON does. */
function withoutNegativeZero(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

describe("toYaml", () => {
  it("writes block style, sorted keys, unindented sequences and the header", () => {
    const text = toYaml([{ b: [1, "two"], a: { d: true, c: null } }], { header: ["PIPELINE DEFINITION", "Name: x"], keys: "sorted" });
    expect(text).toBe(["# PIPELINE DEFINITION", "# Name: x", "a:", "  c: null", "  d: true", "b:", "- 1", "- two", ""].join("\n"));
  });

  it("separates documents with ---", () => {
    expect(toYaml([{ a: 1 }, { b: 2 }], { keys: "sorted" })).toBe("a: 1\n---\nb: 2\n");
  });

  it("writes empty collections in flow style", () => {
    expect(toYaml([{ a: {}, b: [] }], { keys: "sorted" })).toBe("a: {}\nb: []\n");
  });

  it("sorts keys by code point, at every level", () => {
    const text = toYaml([{ b: 1, B: 2, a: { "\u{1F600}": 1, "\uFFFD": 2, z: 3 } }], { keys: "sorted" });
    const [doc] = parseAll(text) as [Record<string, Record<string, number>>];
    expect(Object.keys(doc)).toEqual(["B", "a", "b"]);
    expect(Object.keys(doc.a)).toEqual(["z", "\uFFFD", "\u{1F600}"]);
    expect(compareCodePoints("\uFFFD", "\u{1F600}")).toBeLessThan(0); // UTF-16 code units would say otherwise
  });

  it("keeps the given order and puts the listed keys first at the top of each document", () => {
    const doc = { spec: { z: 1, a: 2 }, metadata: { name: "x" }, kind: "Workflow", apiVersion: "argoproj.io/v1alpha1", extra: 1 };
    const text = toYaml([doc, doc], { keys: { first: ["apiVersion", "kind", "metadata", "spec"] } });
    const one = ["apiVersion: argoproj.io/v1alpha1", "kind: Workflow", "metadata:", "  name: x", "spec:", "  z: 1", "  a: 2", "extra: 1", ""].join("\n");
    expect(text).toBe(`${one}---\n${one}`);
  });

  it("keeps the order of a Map even for keys that look like indices", () => {
    const text = toYaml([new Map([["2", "a"], ["1", "b"]])], { keys: { first: [] } });
    expect(text).toBe("'2': a\n'1': b\n");
  });

  it("leaves out undefined fields and writes no aliases for repeated objects", () => {
    const shared = { x: 1 };
    const text = toYaml([{ a: shared, b: shared, c: undefined }], { keys: "sorted" });
    expect(text).toBe("a:\n  x: 1\nb:\n  x: 1\n");
  });

  it("quotes strings that a YAML 1.1 or 1.2 reader would take for something else", () => {
    const strings = ["yes", "No", "on", "OFF", "y", "n", "true", "null", "~", "", "1", "-1", "1_000", "0x1F", "0b101", "017", "0o17", "1:30", "1.5", ".5", "1e3", "e3", "E5", ".e3", "-e3", ".inf", ".NaN", "2024-01-01", "2024-01-01 10:00:00", "<<", "="];
    for (const s of strings) {
      expect(looksLikeNonString(s), s).toBe(true);
      const text = toYaml([{ k: s }], { keys: "sorted" });
      expect(text, s).toMatch(/^k: ['"]/);
      expect(parseAll(text)).toEqual([{ k: s }]);
      // The `yaml` package's YAML 1.1 schema (what k8s-validate reads with) takes `e3` for a float.
      expect(parseDocument(text, { version: "1.1" }).toJS(), s).toEqual({ k: s });
    }
    for (const s of ["hello", "1.2.3", "v1", "s3://bucket/key", "Yes!", "nvidia.com/gpu"]) expect(looksLikeNonString(s), s).toBe(false);
  });

  it("quotes keys that would not read back as the same string", () => {
    expect(toYaml([{ on: 1, "1": 2 }], { keys: "sorted" })).toBe("'1': 2\n'on': 1\n");
  });

  it("writes KFP placeholders so that they read back unchanged", () => {
    const s = "{{$.inputs.parameters['x']}}";
    const text = toYaml([{ k: s }], { keys: "sorted" });
    expect(text).toBe(`k: "${s}"\n`);
  });

  it("writes multi-line strings as literal blocks", () => {
    const script = "set -e -x\necho \"$0\"\n";
    const text = toYaml([{ command: ["sh", "-c", script] }], { keys: "sorted" });
    expect(text).toBe(["command:", "- sh", "- -c", "- |", "  set -e -x", '  echo "$0"', ""].join("\n"));
    expect(parseAll(text)).toEqual([{ command: ["sh", "-c", script] }]);
  });

  it("double-quotes multi-line strings whose lines end in blanks, and strings that need escapes", () => {
    for (const s of ["a \nb", "a\t\nb", "x\r\ny", "bell\u0007", "tab\there", "line\u2028sep", "\ufeffbom", "nel\u0085"]) {
      const text = toYaml([{ k: s }], { keys: "sorted" });
      expect(text, JSON.stringify(s)).toMatch(/^k: "/);
      expect(text).not.toMatch(/[\u0085\u2028\u2029\ufeff]/);
      expect(parseAll(text)).toEqual([{ k: s }]);
    }
  });

  it("never folds long lines", () => {
    const long = "word ".repeat(100).trim();
    const text = toYaml([{ k: long }], { keys: "sorted" });
    expect(text.split("\n")).toHaveLength(2);
  });

  it("writes one comment line per header line, also for embedded line breaks", () => {
    const text = toYaml([{ a: 1 }], { header: ["Description: one\ntwo", ""], keys: "sorted" });
    expect(text).toBe("# Description: one\n# two\n#\na: 1\n");
  });

  it("escapes in comments what YAML does not print and what YAML 1.1 reads as a line break", () => {
    const text = toYaml([{ a: 1 }], { header: ["x\u0000\u001b\u007f\u0085\u009f\u00a0\u2028\u2029\ufeff\ufffe\ud800y\u{1F600}\tz"], keys: "sorted" });
    expect(text).toBe("# x\\x00\\x1b\\x7f\\x85\\x9f\u00a0\\u2028\\u2029\\ufeff\\ufffe\\ud800y\u{1F600}\tz\na: 1\n");
    expect(parseAllDocuments(text).flatMap((d) => d.errors)).toEqual([]);
  });

  it("writes numbers as plain decimals, never in exponent form", () => {
    expect(toYaml([{ a: 0.0000001, b: 1e23, c: -0, d: [1.5e-7] }], { keys: "sorted" })).toBe(
      "a: 0.0000001\nb: 100000000000000000000000\nc: 0\nd:\n- 0.00000015\n",
    );
  });

  it("refuses values that are not JSON-like (a bug in the caller)", () => {
    expect(() => toYaml([{ a: Number.NaN }], { keys: "sorted" })).toThrow(/NaN/);
    expect(() => toYaml([{ a: new Date(0) }], { keys: "sorted" })).toThrow(/not a JSON-like value/);
  });

  it("round-trips: parsing the output gives the input (property)", () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { minLength: 1, maxLength: 3 }), (docs) => {
        // A document that is null is written as `null`, which reads back as null: fine.
        const text = toYaml(docs, { keys: "sorted" });
        expect(parseAll(text)).toEqual(docs.map(withoutNegativeZero));
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it("is deterministic: the same input gives the same bytes (property)", () => {
    fc.assert(
      fc.property(jsonValue, (doc) => {
        const copy = JSON.parse(JSON.stringify(doc)) as unknown;
        expect(toYaml([copy], { keys: "sorted" })).toBe(toYaml([doc], { keys: "sorted" }));
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });
});

// PyYAML is a YAML 1.1 reader (KFP's Python tooling and shared/tools/kfp-validate use it): strings
// must stay the same strings there too. Skipped where python3 with PyYAML is not installed.
const PYTHON = "/usr/bin/python3";
const hasPyYaml = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ["-c", "import yaml"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPyYaml)("toYaml read by PyYAML (YAML 1.1)", () => {
  it("reads back every string unchanged", () => {
    const samples = fc.sample(fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("yes", "on", "1_000", "1:30", "2024-01-01", "0o17", "a\nb", "a \nb", "\u2028", "\u0085", "\ufeff", "\uffff", "k\ufffe", "\u008c", "\u007f", "=", "<<"))), { numRuns: 200, seed: 20261126 });
    // Lone surrogates are not valid UTF-8, so no file can carry them; leave them out here.
    const clean = samples.map((s) => JSON.parse(JSON.stringify(s).replace(/\\ud[89a-f][0-9a-f]{2}/gi, "x")) as Record<string, string>);
    const text = toYaml(clean, { keys: "sorted" });
    const script = "import sys, json, yaml\nprint(json.dumps(list(yaml.safe_load_all(sys.stdin.read()))))";
    const out = execFileSync(PYTHON, ["-c", script], { input: text, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(clean);
  });
});
