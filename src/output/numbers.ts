/**
 * A finite number as plain decimal digits, never in exponent form: `0.0000001`, not `1e-7`;
 * `100000000000000000000000`, not `1e+23`. The digits are the shortest that read back as the same
 * double (JavaScript's own choice), only the decimal point moved. Every back end writes numbers with
 * it, in YAML and in text: govaluate (Argo's `when`) lexes a number as digits and dots only, PyYAML
 * (YAML 1.1, which KFP's SDK reads with) takes `1e-7` for a string, and a container reading its
 * argument as a number should not have to know JavaScript's notation. `-0` is written `0`, as in JSON.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`plainNumber: ${n} is not a finite number`);
  if (n === 0) return "0";
  const text = String(n);
  const e = text.indexOf("e");
  if (e < 0) return text;
  const sign = n < 0 ? "-" : "";
  const mantissa = text.slice(sign.length, e);
  const dot = mantissa.indexOf(".");
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point goes, counted in digits from the left.
  const point = (dot < 0 ? mantissa.length : dot) + Number(text.slice(e + 1));
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
