import { rmSync } from "node:fs";

/**
 * Files the CLI has made but not yet put in place (temporary output files), which a signal must not
 * leave behind. The writer adds each one before it creates it and takes it off once it was renamed or
 * removed; the signal handlers (`installSignalHandlers`) remove whatever is left.
 */
const pending = new Set<string>();

/** `path` is about to be created and must be removed if the run is stopped. */
export function trackTemporary(path: string): void {
  pending.add(path);
}

/** `path` was renamed into place or removed: a signal leaves it alone. */
export function untrackTemporary(path: string): void {
  pending.delete(path);
}

/** Removes every file still tracked; a file that is already gone is fine. */
export function removeTemporaries(): void {
  for (const path of pending) {
    try {
      rmSync(path, { force: true });
    } catch {
      // a file that cannot be removed now cannot be removed at all; the run is ending anyway
    }
  }
  pending.clear();
}

/**
 * The exit status of a run stopped by a signal, as shells report it: 128 plus the signal's number.
 */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT;

/** `process.exit` as Node defines it, kept before a pipeline module can replace it (load-script.ts). */
export const exitProcess: (code?: number) => never = process.exit.bind(process);

let installed = false;

/** Handlers that take SIGINT over from the default (stop the run): the last one claimed gets it. */
const claims: (() => void)[] = [];

/**
 * While the returned function is not called, SIGINT calls `handler` instead of ending the run
 * (`mlpc watch`: Ctrl-C stops watching, and the command ends itself with its own message). Without
 * the CLI's signal handlers (a test calling `main`), the handler listens to SIGINT itself.
 */
export function claimInterrupt(handler: () => void): () => void {
  claims.push(handler);
  const direct = installed ? undefined : (): void => handler();
  if (direct !== undefined) process.on("SIGINT", direct);
  return () => {
    const i = claims.lastIndexOf(handler);
    if (i >= 0) claims.splice(i, 1);
    if (direct !== undefined) process.off("SIGINT", direct);
  };
}

/** A command that stops its own work on a signal (`mlpc run`): called instead of exiting at once. */
let interceptor: ((signal: HandledSignal) => void) | undefined;

/** While set, a signal calls `handler` (which must end the run itself) instead of exiting at once. */
export function interceptSignals(handler: ((signal: HandledSignal) => void) | undefined): void {
  interceptor = handler;
}

/**
 * On SIGINT, SIGTERM or SIGHUP: remove the temporary files, print one line on stderr and exit with
 * 128 plus the signal's number. Writing output is asynchronous (write.ts), so a signal is handled
 * while a large file is being written; the renames into place run without a pause, so a signal
 * arrives either before any file is in place or after all of them are.
 */
export function installSignalHandlers(stderr: (text: string) => void): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(SIGNAL_EXIT) as HandledSignal[]) {
    process.on(signal, () => {
      const claimed = signal === "SIGINT" ? claims[claims.length - 1] : undefined;
      if (claimed !== undefined) return claimed();
      if (interceptor !== undefined) return interceptor(signal);
      removeTemporaries();
      stderr(`mlpc: stopped by ${signal}; no temporary file is left behind.\n`);
      exitProcess(SIGNAL_EXIT[signal]);
    });
  }
}
