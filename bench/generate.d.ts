/** The sizes the benchmark measures, in steps. */
export declare const BENCH_SIZES: readonly number[];

/**
 * A `.mlpipe` source with one pipeline of exactly `steps` steps (step calls and importers, the
 * `finally` step included), for `steps` ≥ 2. Deterministic: the same size and seed give the same text.
 */
export declare function generatePipeline(steps: number, options?: { readonly seed?: number; readonly name?: string }): string;
