import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// MLPC_TEST_REPORT=FILE adds a JSON report (used by .ci/run to print its `N passed, N failed` line),
// so that CI runs exactly `npm test`.
const report = process.env.MLPC_TEST_REPORT;

export default defineConfig({
  // `import … from "mlpc"` (the examples' TypeScript twins) means this repository's own source in
  // tests, not a possibly stale dist/: Node's self-reference would resolve to dist/index.js.
  resolve: { alias: { mlpc: fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
  },
});
