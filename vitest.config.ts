import { defineConfig } from "vitest/config";

// MLPC_TEST_REPORT=FILE adds a JSON report (used by .ci/run to print its `N passed, N failed` line),
// so that CI runs exactly `npm test`.
const report = process.env.MLPC_TEST_REPORT;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
  },
});
