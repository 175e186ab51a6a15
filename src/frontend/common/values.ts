/** Parsing of the small value languages inside strings that the IR stores normalised. */

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Seconds in a duration: a number of seconds, or units such as "90s", "30m", "4h", "1h30m", "2d".
 * Undefined when the text is not a duration or is not a whole number of seconds.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  const rounded = Math.round(total * 1000) / 1000;
  return Number.isInteger(rounded) ? rounded : undefined;
}

/** A number as Kubernetes writes it in a quantity: `2`, `0.5`, never `5e-1`. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return s.includes("e") ? n.toFixed(20).replace(/0+$/, "") : s;
}
