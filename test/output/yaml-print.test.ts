// The YAML writer prints by hand; test/output/yaml-reference.ts is the writer it replaced, built on
// the `yaml` package. Every value must give the same bytes from both, and read back as itself.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { toYaml, type YamlOptions } from "../../src/output/yaml.js";
import { referenceToYaml } from "./yaml-reference.js";

/** Pieces that decide a string's style, joined at random: indicators, blanks, breaks, escapes, look-alikes. */
const FRAGMENTS = [
  "a", "b c", "word", "x".repeat(45), " ", "  ", "\n", "\n\n", "\t", "\r", "\r\n", ": ", ":", " #", "#", "- ", "-", "? ", "?",
  "'", '"', "''", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", "---", "...", "--- x", "\\", "\\n", "=", "<<",
  "0", "1", "09", "-1", "1.5", ".5", "1e3", "1e+21", "0x1F", "0o17", "0b1", "1_000", "1:30", "2024-01-01", "yes", "No", "on",
  "null", "~", "true", ".inf", ".NaN", "\u0000", "\u0007", "\u000b", "\u001b", "\u0001", "\u007f", "\u0085", "\u009f", "\u00a0",
  "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "é", "ß", "日本", "\u{1F600}", "\ud800", "\udc00",
  "{{$.inputs.parameters['x']}}", "s3://bucket/key", "nvidia.com/gpu",
];

const nastyString = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("a", " ", "\n", ":", "#", "-", "'", '"', "\t"), maxLength: 12 }),
  fc.constantFrom(...FRAGMENTS),
);

/** Keys as back ends write them, and nasty ones; never `__proto__`, which objects cannot hold as data. */
const key = fc.oneof(fc.constantFrom("apiVersion", "kind", "metadata", "spec", "name", "a", "b", "1", "2", "10", "0"), nastyString).filter((k) => k !== "__proto__");

const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0.1, 1e21, 1e-7, 1.5e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, -1e300, 2 ** 53 + 2),
);

const jsonLike = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, fc.oneof({ weight: 6, arbitrary: tie("value") }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxKeys: 5, noNullPrototype: false }),
    fc.uniqueArray(fc.tuple(key, tie("value")), { maxLength: 4, selector: ([k]) => k }).map((entries) => new Map(entries)),
    fc.constantFrom([], {}, new Map(), [[]], [{}], { a: [] }),
  ),
})).value;

const options: fc.Arbitrary<YamlOptions> = fc.record(
  {
    header: fc.array(nastyString, { maxLength: 3 }),
    keys: fc.oneof(fc.constant("sorted" as const), fc.record({ first: fc.subarray(["apiVersion", "kind", "metadata", "spec", "b", "1"]) })),
  },
  { requiredKeys: ["keys"] },
);

/** The value as it reads back from YAML: Maps as objects, no undefined fields, -0 as 0. */
function asRead(value: unknown): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return value.map(asRead);
  if (value instanceof Map) return asRead(Object.fromEntries(value));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, asRead(v)]));
  }
  return value;
}

function readBack(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS({ maxAliasCount: -1 }) as unknown;
  });
}

describe("toYaml against the yaml-package writer it replaced", () => {
  it("writes the same bytes, which read back as the input (property)", () => {
    fc.assert(
      fc.property(fc.array(jsonLike, { minLength: 1, maxLength: 3 }), options, (docs, opts) => {
        const text = toYaml(docs, opts);
        expect(text).toBe(referenceToYaml(docs, opts));
        // Known flaw, kept for byte equality: a document that is a multi-line string starting with a
        // space is written `|1` (the library's choice), which the `yaml` package and PyYAML both read
        // without that space. Back ends write mappings as documents, never strings.
        if (docs.some((d) => typeof d === "string" && /^[ \n]* /.test(d) && d.includes("\n"))) return;
        const body = opts.header === undefined || opts.header.length === 0 ? text : text.replace(/^(?:#.*\n)*/, "");
        expect(readBack(body)).toEqual(docs.map(asRead));
      }),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  it("writes the same bytes for strings alone, at the top of a document, in a sequence, as a key and as a value", () => {
    fc.assert(
      fc.property(nastyString, (s) => {
        for (const doc of [s, [s], { [s]: s }, { [s]: { [s]: s } }, { k: [s, { [s]: [s] }] }]) {
          const docs = [doc, doc];
          expect(toYaml(docs, { keys: "sorted" })).toBe(referenceToYaml(docs, { keys: "sorted" }));
        }
      }),
      { numRuns: 5000, seed: 20261127 },
    );
  });

  it("writes the same bytes for double-quoted multi-line strings around 40 characters, where line breaks start", () => {
    for (let n = 30; n <= 50; n++) {
      for (const s of ["a".repeat(n) + " \nb", "a \n" + "b".repeat(n), "\r\n".repeat(n >> 2) + " x", "x".repeat(n - 6) + "\n\n \n\n", `${"y".repeat(n - 3)}\u0007\n`]) {
        for (const doc of [s, [s], { k: s }, { [s]: s }]) expect(toYaml([doc], { keys: "sorted" }), JSON.stringify(s)).toBe(referenceToYaml([doc], { keys: "sorted" }));
      }
    }
  });

  it("writes the same bytes for keys too long to be implicit (over 1,024 characters)", () => {
    const long = "k".repeat(1030);
    const quoted = "'".repeat(1023); // 1,025 characters once written in double quotes: over the limit only then
    for (const value of [1, null, "v", "a\nb\n", [], {}, [1, [2]], { a: 1, b: [1] }, new Map([["x", { y: 1 }]])]) {
      for (const k of [long, quoted, `${"x".repeat(1023)}:`, "y".repeat(1024)]) {
        for (const doc of [{ [k]: value }, [{ [k]: value, z: 1 }], { top: { [k]: value } }]) {
          expect(toYaml([doc], { keys: "sorted" })).toBe(referenceToYaml([doc], { keys: "sorted" }));
        }
      }
    }
  });

  it("writes the same bytes for holes in sparse arrays, null-prototype objects and nested Maps", () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3];
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: { c: [] } });
    const docs = [sparse, bare, new Map<string, unknown>([["2", new Map([["1", "x"]])], ["1", bare]])];
    for (const keys of ["sorted" as const, { first: ["1"] }]) expect(toYaml(docs, { keys })).toBe(referenceToYaml(docs, { keys }));
  });

  it("throws the same error for the first value that is not JSON-like", () => {
    class Point {
      x = 1;
    }
    const bad: unknown[] = [
      { b: { c: Number.NaN }, a: [1, Number.POSITIVE_INFINITY] },
      { z: [new Date(0)], a: { b: undefined, c: () => 1 } },
      [1, undefined],
      new Map<unknown, unknown>([["a", Number.NaN], [1, "x"]]),
      { a: new Map<unknown, unknown>([["k", 1], [Symbol("s"), 2]]) },
      { p: new Point() },
      { n: 10n },
      { s: Symbol("s") },
      [[[Number.NEGATIVE_INFINITY]]],
      { kind: 1, apiVersion: { x: Number.NaN }, metadata: Number.NaN },
    ];
    for (const value of bad) {
      for (const keys of ["sorted" as const, { first: ["metadata", "apiVersion"] }]) {
        const docs = [{ fine: 1 }, value];
        let expected: unknown;
        try {
          referenceToYaml(docs, { keys });
        } catch (e) {
          expected = e;
        }
        expect(expected).toBeInstanceOf(Error);
        expect(() => toYaml(docs, { keys })).toThrow((expected as Error).message);
      }
    }
  });
});
