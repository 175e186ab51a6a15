import { describe, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("execution-limits", () => {
  it("accepts sensible retries, timeouts and parallelism", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  retry 0
  timeout "1h"
}
pipeline p {
  timeout "4h"
  c() { retry 3 backoff "30s" factor 1 max "5m" }
  for i in [1, 2] parallel 1 {
    c()
  }
}
`,
      [],
      { lib: false },
    );
  });

  it("reports a negative retry limit, a factor below 1, a maximum below the backoff and a zero timeout", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  retry -1
  timeout "0s"
}
pipeline p {
  c() { retry 2 backoff "1m" factor 0.5 max "30s" }
}
`,
      [
        ["MLP2132", "«retry» -1"],
        ["MLP2133", `"0s"`],
        ["MLP2134", `«retry» 2`],
        ["MLP2135", `«retry» 2`],
      ],
      { lib: false },
    );
  });

  it("reports a loop parallelism below 1", () => {
    expectDiagnostics(`pipeline p {\n  for i in [1, 2] parallel 0 {\n    notify(message: "x")\n  }\n}\n`, [["MLP2137", "for «i»"]]);
  });
});
