// Preloaded with `node --import ./bench/trace-loads.mjs …` by `npm run bench`: registers loader
// hooks that append every module URL the process resolves to the file MLPC_TRACE_LOADS names, so
// the bench can say which heavy packages a command loaded (ES modules through the hooks, and
// CommonJS requires through Module._load, which the hooks do not see on Node 20).
import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";

const out = process.env.MLPC_TRACE_LOADS;
if (out) {
  register(
    `data:text/javascript,${encodeURIComponent(`
      import { appendFileSync } from "node:fs";
      export async function resolve(specifier, context, next) {
        const r = await next(specifier, context);
        appendFileSync(${JSON.stringify(out)}, r.url + "\\n");
        return r;
      }`)}`,
  );
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    try {
      appendFileSync(out, `${Module._resolveFilename(request, parent, isMain)}\n`);
    } catch {
      // A built-in or a module that fails to resolve: Module._load reports it.
    }
    return load.apply(this, arguments);
  };
}
