/**
 * Cron schedules as Argo (`CronWorkflow`) and KFP recurring runs accept them: five fields — minute,
 * hour, day of month, month, day of week — each `*`, a value, a range `a-b`, a list `a,b`, with an
 * optional `/step`; month and weekday names; or a macro (`@daily`, `@every 1h30m`).
 */

const MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for the values from `min` on. */
  readonly names?: readonly string[];
  /** Whether `?` (no specific value) is allowed. */
  readonly question?: boolean;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, question: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 0, max: 7, names: DAYS, question: true },
];

/** A Go duration such as `1h30m`, `90s`, `1.5h`, with a non-zero total. */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Why `expr` is not a valid schedule, or `undefined` when it is. */
export function cronProblem(expr: string): string | undefined {
  const text = expr.trim();
  if (text === "") return "it is empty";
  if (text.startsWith("@")) {
    const [macro, ...rest] = text.split(/\s+/);
    if (macro === "@every") {
      const d = rest.join(" ");
      if (rest.length !== 1 || !GO_DURATION.test(d)) return `'@every' needs one duration such as '1h30m', '15m' or '90s'`;
      if (!/[1-9]/.test(d)) return "'@every' needs a duration longer than zero";
      return undefined;
    }
    if (!MACROS.includes(macro)) return `'${macro}' is not a schedule macro; use ${MACROS.join(", ")} or @every <duration>`;
    if (rest.length > 0) return `'${macro}' takes nothing after it`;
    return undefined;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== FIELDS.length) {
    return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, but a schedule has five: minute, hour, day-of-month, month and day-of-week`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(fields[i], FIELDS[i]);
    if (problem !== undefined) return `in the ${FIELDS[i].name} field, ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const part of text.split(",")) {
    if (part === "") return `'${text}' has an empty list element`;
    const problem = partProblem(part, field);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function partProblem(part: string, field: Field): string | undefined {
  const slash = part.split("/");
  if (slash.length > 2) return `'${part}' has more than one '/'`;
  const [range, step] = slash;
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `the step '${step}' is not a whole number`;
    if (Number(step) === 0) return `'${part}' has a step of 0`;
  }
  if (range === "*" || (range === "?" && field.question === true && step === undefined)) return undefined;
  const bounds = range.split("-");
  if (bounds.length > 2 || bounds.some((b) => b === "")) return `'${range}' is not a value or a range a-b`;
  const values: number[] = [];
  for (const b of bounds) {
    const v = value(b, field);
    if (v === undefined) {
      const names = field.names === undefined ? "" : ` or a name ${field.names[0]}-${field.names[field.names.length - 1]}`;
      return `'${b}' is not a number${names}`;
    }
    if (v < field.min || v > field.max) return `${b} is outside ${field.min}-${field.max}`;
    values.push(v);
  }
  if (values.length === 2 && values[0] > values[1]) return `the range ${range} runs backwards`;
  return undefined;
}

function value(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return i < 0 ? undefined : field.min + i;
}
