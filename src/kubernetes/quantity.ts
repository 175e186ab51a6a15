/**
 * Kubernetes `resource.Quantity` strings: a signed decimal number with an optional suffix, a binary SI
 * suffix (Ki Mi Gi Ti Pi Ei), a decimal SI suffix (m k M G T P E) or a decimal exponent (e3, E-2).
 */

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const QUANTITY = new RegExp(String.raw`^(${NUMBER})(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$`);

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * The value of a quantity in base units (cores, bytes), or `undefined` when it is not a quantity.
 * Computed as the KFP SDK does (the number times the unit, `m` as a division by 1000), so that KFP's
 * deprecated numeric resource fields carry the SDK's floats.
 */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix === "") return n;
  if (suffix === "m") return n / 1000;
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}

/**
 * What is wrong with a quantity that does not parse, with the fix for common mistakes
 * (`8Gb` → `8Gi`, `8GB` → `8G`, `8gi` → `8Gi`, `8 Gi` → `8Gi`), as a sentence starting with a space;
 * "" when there is nothing to add.
 */
export function quantityHint(text: string): string {
  if (text.trim() === "") return " A quantity cannot be empty; write a number such as '2' or '8Gi'.";
  const compact = text.replace(/\s+/g, "");
  const suggestion = suggestQuantity(compact);
  if (suggestion !== undefined && suggestion !== text) return ` Did you mean '${suggestion}'?`;
  return " Write a number with an optional suffix: Ki, Mi, Gi, Ti for powers of 1024, or m, k, M, G, T for powers of 1000.";
}

function suggestQuantity(text: string): string | undefined {
  if (parseQuantity(text) !== undefined) return text;
  const m = new RegExp(String.raw`^(${NUMBER})([a-zA-Z]+)$`).exec(text);
  if (m === null) return undefined;
  const [, number, unit] = m;
  const letter = unit[0].toUpperCase();
  if (!"KMGTPE".includes(letter)) return undefined;
  const decimal = letter === "K" ? "k" : letter;
  let suffix: string | undefined;
  if (/^[a-zA-Z]i[bB]?$/.test(unit)) suffix = `${letter}i`; // 8gi, 8GiB
  else if (/^[a-zA-Z]b$/.test(unit)) suffix = `${letter}i`; // 8Gb: meant gibibytes
  else if (/^[a-zA-Z]B$/.test(unit)) suffix = decimal; // 8GB: gigabytes
  else if (unit.length === 1) suffix = decimal; // 8K, 8g
  return suffix === undefined ? undefined : `${number}${suffix}`;
}
