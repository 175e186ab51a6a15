import { describe, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("unique-settings", () => {
  it("accepts distinct env names, mount paths and keys", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  env { A: "1", B: "2" }
  labels { team: "ml", tier: "gold" }
  volumes { "/data": pvc("data"), "/scratch": emptyDir() }
}
pipeline p {
  c() { env { A: "3" } }
}
`,
      [],
      { lib: false },
    );
  });

  it("reports repeated env names, mount paths (also with a trailing slash) and label keys", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  env { A: "1", A: "2", TOKEN: secret("s", "k"), TOKEN: configMap("m", "k") }
  labels { team: "ml", team: "infra" }
  volumes { "/data": pvc("data"), "/data/": emptyDir() }
}
pipeline p {
  c()
}
`,
      [
        ["MLP2006", `«A»: "2"`],
        ["MLP2006", `«TOKEN»: configMap`],
        ["MLP2006", `«team»: "infra"`],
        ["MLP2006", `«"/data/"»`],
      ],
      { lib: false },
    );
  });
});
