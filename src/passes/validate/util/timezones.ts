let known: ReadonlySet<string> | undefined;

/**
 * Whether `tz` is an IANA time zone name: one Node's ICU data lists, "UTC", or an alias ICU knows
 * (`Asia/Kolkata`, `Etc/UTC`) written with IANA's capitalisation (ICU accepts any case, clusters do not).
 */
export function isTimeZone(tz: string): boolean {
  known ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  if (known.has(tz)) return true;
  if (!tz.split("/").every((part) => /^[A-Z]/.test(part))) return false;
  try {
    const canonical = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
    return canonical.toLowerCase() !== tz.toLowerCase() || canonical === tz;
  } catch {
    return false;
  }
}
