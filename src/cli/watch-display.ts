import type { Counts, Progress } from "./watch-status.js";

/**
 * How `mlpc watch` shows a run: on a terminal, a block redrawn in place (the state, the counts, the
 * elapsed time, what runs now); otherwise (a pipe, a file, `CI` set) one timestamped line per change,
 * with no terminal escapes at all.
 */
export interface Display {
  /** A new reading of the run. */
  update(progress: Progress): void;
  /** The watch ends: the last block stays on screen; no more redraws. */
  close(): void;
}

/** `2 of 4 steps done, 1 running, 0 failed, 1 skipped`: the counts as one phrase. */
export function countsText(c: Counts): string {
  const total = c.done + c.running + c.failed + c.skipped + c.pending;
  const parts = [`${c.done}/${total} ${c.unit} done`, `${c.running} running`, `${c.failed} failed`];
  if (c.skipped > 0) parts.push(`${c.skipped} skipped`);
  if (c.pending > 0) parts.push(`${c.pending} pending`);
  return parts.join(", ");
}

/** One reading as a line: `workflow/fit-x Running: 1/3 steps done, 1 running, 0 failed; running: train`. */
export function progressLine(label: string, p: Progress): string {
  const counts = p.counts === undefined ? "" : `: ${countsText(p.counts)}`;
  const extra = [p.detail, p.failure].filter((x): x is string => x !== undefined);
  return `${label} ${p.phase}${counts}${extra.length === 0 ? "" : `; ${extra.join("; ")}`}`;
}

/** `1h02m03s`, `2m03s`, `12s`. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m${String(sec).padStart(2, "0")}s`;
  if (m > 0) return `${m}m${String(sec).padStart(2, "0")}s`;
  return `${sec}s`;
}

/** A timestamp as the lines show it: RFC 3339 in UTC, to the second. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Not a terminal: `TIMESTAMP LINE` whenever the line changes. */
export function plainDisplay(write: (text: string) => void, label: string, now: () => number): Display {
  let last: string | undefined;
  return {
    update(p) {
      const line = progressLine(label, p);
      if (line === last) return;
      last = line;
      write(`${stamp(now())} ${line}\n`);
    },
    close() {},
  };
}

/**
 * A terminal: the block is redrawn in place on each reading and once a second (for the elapsed
 * time). Elapsed counts from the run's start when the object says when that was, else from when the
 * watch began. Each line is cut to `columns` (the terminal's width), so that none wraps and the
 * block keeps its height for the next redraw.
 */
export function ttyDisplay(write: (text: string) => void, label: string, now: () => number, columns?: number): Display {
  const began = now();
  let progress: Progress | undefined;
  let drawn = 0;
  const draw = (): void => {
    if (progress === undefined) return;
    const started = progress.startedAt === undefined ? NaN : Date.parse(progress.startedAt);
    const from = Number.isFinite(started) && started <= now() ? started : began;
    const lines = [`${label}  ${progress.phase}  elapsed ${elapsedText(now() - from)}`];
    if (progress.counts !== undefined) lines.push(`  ${countsText(progress.counts)}`);
    if (progress.detail !== undefined) lines.push(`  ${progress.detail}`);
    if (progress.failure !== undefined) lines.push(`  ${progress.failure}`);
    if (columns !== undefined && columns > 1) for (const [i, l] of lines.entries()) if (l.length >= columns) lines[i] = `${l.slice(0, columns - 2)}…`;
    // Back to the start of the block, clear it, write it again.
    const up = drawn > 0 ? `\x1b[${drawn}F\x1b[J` : "";
    write(`${up}${lines.join("\n")}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    update(p) {
      progress = p;
      draw();
    },
    close() {
      clearInterval(timer);
      draw();
    },
  };
}
