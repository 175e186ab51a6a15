import { describe, expect, it } from "vitest";
import { optionSpan, type OptionRef } from "../../src/cli/option-span.js";

/** The text `optionSpan` finds for `ref` in `text`, the call starting at `call`. */
function found(text: string, ref: OptionRef, call = text.indexOf("component")): string | undefined {
  const span = optionSpan(text, call, ref);
  return span === undefined ? undefined : text.slice(span[0], span[1]);
}

describe("optionSpan", () => {
  const text = `const c = component("c", {
  image: "x/c:1.0", // a comment with { and ,
  run: ({ a }) => ["echo", \`\${a} }\`],
  'resourcs': { memory: "8Gb" },
  resources: { cpu: { request: 1, limit: 2 } /* trailing */ },
  tolerations: [{ key: "k" }, { key: "j", efect: "NoSchedule" }],
});`;

  it("finds a top-level property past strings, comments, template literals and arrow functions", () => {
    expect(found(text, { arg: 1, path: ["resourcs"] })).toBe(`'resourcs': { memory: "8Gb" }`);
  });

  it("follows nested objects and array items", () => {
    expect(found(text, { arg: 1, path: ["resources", "cpu", "request"] })).toBe("request: 1");
    expect(found(text, { arg: 1, path: ["tolerations", 1, "efect"] })).toBe(`efect: "NoSchedule"`);
    expect(found(text, { arg: 1, path: ["tolerations", 1] })).toBe(`{ key: "j", efect: "NoSchedule" }`);
    expect(found(text, { arg: 1, path: ["resources", "cpu"] })).toBe("cpu: { request: 1, limit: 2 }");
  });

  it("finds the argument by position: a step's options after its arguments", () => {
    const step = `  fit({ data: d, cfg: { a: [1, 2] } }, { nmae: "first" });`;
    expect(found(step, { arg: 1, path: ["nmae"] }, 2)).toBe(`nmae: "first"`);
    expect(found(step, { arg: 0, path: ["cfg", "a", 1] }, 2)).toBe("2");
  });

  it("gives up where the text is not a literal: a variable, a spread before the key, a missing key, an unclosed string", () => {
    expect(found(`component("c", spec)`, { arg: 1, path: ["x"] })).toBeUndefined();
    expect(found(`component("c", { ...base, x: 1 })`, { arg: 1, path: ["x"] })).toBeUndefined();
    expect(found(`component("c", { y: 1 })`, { arg: 1, path: ["x"] })).toBeUndefined();
    expect(found(`component("c, { x: 1 })`, { arg: 1, path: ["x"] })).toBeUndefined();
    expect(found(`component`, { arg: 1, path: ["x"] })).toBeUndefined();
  });

  it("reads CRLF and CR-only line ends as white space", () => {
    expect(found(`component("c",\r\n{\r  a: 1,\r\n  bb: 2 })`, { arg: 1, path: ["bb"] })).toBe("bb: 2");
  });
});
