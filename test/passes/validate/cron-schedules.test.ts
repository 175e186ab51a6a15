import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const pipeline = (schedule: string) => `pipeline p {\n  schedule ${schedule}\n  notify(message: "x")\n}\n`;

describe("cron-schedules", () => {
  it.each([
    `"0 3 * * *"`,
    `"*/15 9-17 * * MON-FRI"`,
    `"0 0 1,15 JAN,jul *"`,
    `"5/10 0 ? * 7"`,
    `"@daily"`,
    `"@every 1h30m"`,
    `"0 3 * * *" timezone "Europe/Berlin"`,
    `"@hourly" timezone "UTC"`,
    `"@weekly" timezone "Asia/Kolkata"`,
  ])("accepts %s", (schedule) => {
    expectDiagnostics(pipeline(schedule), []);
  });

  it.each([
    [`"0 3 * *"`, "4 fields"],
    [`"0 0 3 * * *"`, "6 fields"],
    [`"60 * * * *"`, "minute field"],
    [`"0 24 * * *"`, "hour field"],
    [`"0 0 0 * *"`, "day-of-month field"],
    [`"0 0 * 13 *"`, "month field"],
    [`"0 0 * FOO *"`, "month field"],
    [`"0 0 * * 8"`, "day-of-week field"],
    [`"0 0 * * FRI-MON"`, "day-of-week field"],
    [`"*/0 * * * *"`, "minute field"],
    [`"@fortnightly"`, "macro"],
    [`"@every soon"`, "@every"],
  ])("reports %s, naming the %s", (schedule, what) => {
    const [d] = expectDiagnostics(pipeline(schedule), [["MLP2014", schedule]]);
    expect(d.message).toContain(what);
  });

  it("reports an unknown or wrongly capitalised time zone", () => {
    // At the time zone, not the cron expression before it.
    expectDiagnostics(pipeline(`"0 3 * * *" timezone "Mars/Olympus_Mons"`), [["MLP2026", `"Mars/Olympus_Mons"`]]);
    expectDiagnostics(pipeline(`"0 3 * * *" timezone "europe/berlin"`), [["MLP2026", `"europe/berlin"`]]);
  });
});
