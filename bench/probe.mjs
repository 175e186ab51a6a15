// Preloaded with `node --import ./bench/probe.mjs …` by `npm run bench` in the fresh processes it times:
// when the process exits, writes its CPU time (user + system, since the process started) and its peak
// resident memory to the file MLPC_PROBE_OUT names, as JSON. It registers no hooks, so it costs the
// process nothing measurable.
import { writeFileSync } from "node:fs";

const out = process.env.MLPC_PROBE_OUT;
if (out) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(out, JSON.stringify({ cpuMs: (user + system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  });
}
