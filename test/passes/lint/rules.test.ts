import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LINT_RULES, lint, lintRuleOfCode } from "../../../src/passes/lint/index.js";
import { credentialKind, literalCredential, mask } from "../../../src/passes/lint/rules/literal-credential.js";
import { nameNearLimit } from "../../../src/passes/lint/rules/name-near-limit.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";
import { docExamples, lintWith, spans } from "./helpers.js";

/** Each rule on its doc page's bad example: exactly these codes at these spans (the good example reports nothing: docs.test.ts). */
const BAD_SPANS: Record<string, string[]> = {
  "mlpc/literal-credential": ["MLP5007 8:28-8:50"],
  "mlpc/image-digest": ["MLP5001 3:10-3:36"],
  "mlpc/gpu-without-type": ["MLP5002 7:37-7:40"],
  "mlpc/no-resource-requests": ["MLP5003 15:3-15:22"],
  "mlpc/run-as-non-root": ["MLP5004 15:3-15:22"],
  "mlpc/training-timeout": ["MLP5006 14:3-14:22"],
  "mlpc/retry-side-effects": ["MLP5008 24:38-24:43"],
  "mlpc/retry-backoff": ["MLP5021 9:3-9:8"],
  "mlpc/cache-side-effects": ["MLP5009 24:38-24:43"],
  "mlpc/unused-output": ["MLP5010 15:3-15:22"],
  "mlpc/unused-parameter": ["MLP5011 15:9-15:15"],
  "mlpc/unbounded-loop": ["MLP5012 14:7-14:12"],
  "mlpc/duplicate-env": ["MLP5017 16:31-16:40"],
  "mlpc/name-near-limit": ["MLP5013 11:10-11:70"],
  "mlpc/pipeline-description": ["MLP5018 11:10-11:17"],
  "mlpc/component-description": ["MLP5005 1:11-1:16"],
  "mlpc/artifact-root": ["MLP5020 11:10-11:17"],
  "mlpc/schedule-timezone": ["MLP5019 14:12-14:23"],
  "mlpc/tune-trial-budget": ["MLP5014 11:6-11:15"],
  "mlpc/tune-failure-budget": ["MLP5015 11:6-11:15"],
  "mlpc/serve-resources": ["MLP5016 1:7-1:19"],
};

const page = (id: string): string => fileURLToPath(new URL(`../../../docs/rules/${id.slice("mlpc/".length)}.md`, import.meta.url));

describe("each rule on its bad example", () => {
  it("has an expected span for every rule", () => {
    expect(Object.keys(BAD_SPANS).sort()).toEqual(LINT_RULES.map((r) => r.id).sort());
  });
  for (const rule of LINT_RULES) {
    it(`${rule.id} reports ${rule.code} at the offending construct`, () => {
      expect(spans(lintWith(rule, docExamples(page(rule.id)).bad))).toEqual(BAD_SPANS[rule.id]);
    });
  }
});

describe("lint()", () => {
  const { bad } = docExamples(page("mlpc/literal-credential"));
  const resolved = resolve(checkSource(bad).program!);
  it("runs each rule at its default level, or the configured one; off skips it", () => {
    const found = lint(resolved);
    expect(found.find((d) => d.code === "MLP5007")?.severity).toBe("error");
    expect(found.some((d) => d.code === "MLP5004")).toBe(false); // run-as-non-root is off by default
    const configured = lint(resolved, (id) => (id === "mlpc/literal-credential" ? "warn" : id === "mlpc/run-as-non-root" ? "error" : id === "mlpc/unused-parameter" ? "off" : undefined));
    expect(configured.find((d) => d.code === "MLP5007")?.severity).toBe("warning");
    expect(configured.find((d) => d.code === "MLP5004")?.severity).toBe("error");
  });
  it("maps codes back to rules", () => {
    expect(lintRuleOfCode("MLP5007")).toBe(literalCredential);
    expect(lintRuleOfCode("MLP2050")).toBeUndefined();
  });
});

describe("mlpc/literal-credential", () => {
  it("knows credentials by shape, whatever their name", () => {
    expect(credentialKind(undefined, "AKIAIOSFODNN7EXAMPLE")).toBe("An AWS access key id");
    expect(credentialKind(undefined, "ASIAIOSFODNN7EXAMPLE")).toBe("An AWS access key id");
    expect(credentialKind(undefined, "AKIAIOSFODNN7EXAMPL")).toBeUndefined(); // 15 characters after AKIA
    expect(credentialKind("x", `ghp_${"a".repeat(36)}`)).toBe("A GitHub token");
    expect(credentialKind("x", `github_pat_${"A".repeat(22)}`)).toBe("A GitHub token");
    expect(credentialKind("x", "xoxb-1234567890-abcdef")).toBe("A Slack token");
    expect(credentialKind("x", "-----BEGIN RSA PRIVATE KEY-----\nMIIE")).toBe("A private key");
    expect(credentialKind("x", "-----BEGIN PRIVATE KEY-----")).toBe("A private key");
    expect(credentialKind("x", "-----BEGIN PUBLIC KEY-----")).toBeUndefined();
  });
  it("knows an AWS secret key by its shape next to a secret-ish name", () => {
    const key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    expect(credentialKind("AWS_SECRET_ACCESS_KEY", key)).toBe("An AWS secret access key");
    expect(credentialKind("model_path", key)).toBeUndefined();
  });
  it("knows credentials by name with a non-empty literal value", () => {
    for (const name of ["password", "DB_PASSWD", "api_key", "apiKey", "GITHUB_TOKEN", "client_secret", "credentials"]) {
      expect(credentialKind(name, "hunter2"), name).toBe(`The value of '${name}'`);
    }
    expect(credentialKind("password", "")).toBeUndefined();
    expect(credentialKind("token_path", "/var/run/token")).toBeUndefined();
    expect(credentialKind("tokenizer", "bpe")).toBeUndefined();
  });
  it("never shows the secret: at most 4 characters and a quarter of it", () => {
    expect(mask("AKIAIOSFODNN7EXAMPLE")).toBe("AKIA********");
    expect(mask("hunter2")).toBe("h******");
    expect(mask("abc")).toBe("***");
  });
  it("finds literals in defaults, arguments and command lines, and masks them in the message", () => {
    const text = `component c {
  description "Uses a key"
  image  "ghcr.io/acme/c@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95"
  input  api_key: String = "sk-live-0123456789"
  input  user: String
  run    ["tool", "--password=hunter2", "--token", "abcdef", "--user", user]
}

pipeline p {
  param db_password: String = "s3cret-pass"
  a = c(user: "AKIAIOSFODNN7EXAMPLE")
}
`;
    const found = lintWith(literalCredential, text);
    expect(spans(found)).toEqual(["MLP5007 4:28-4:48", "MLP5007 6:19-6:39", "MLP5007 6:52-6:60", "MLP5007 10:31-10:44", "MLP5007 11:15-11:37"]);
    for (const d of found) {
      for (const secret of ["sk-live-0123456789", "hunter2", "abcdef", "s3cret-pass", "AKIAIOSFODNN7EXAMPLE"]) expect(d.message).not.toContain(secret);
    }
    expect(found[0]!.message).toBe("The value of 'api_key' is written as a literal in the default of input 'api_key' ('sk-l********'), so it lands in every compiled file; use secret(\"name\", \"key\") instead.");
  });
  it("accepts secret(…) and values that only look alike", () => {
    const text = `component c {
  description "Uses a key"
  image  "ghcr.io/acme/c@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95"
  input  token_file: String = "/var/run/secrets/token"
  input  auth_token: String
  run    ["tool", "--token-file", token_file, "--auth", auth_token]
  env    { API_KEY: secret("api", "key"), PASSWORD_FILE: "/etc/pw" }
}

pipeline p {
  param user: String = "ci"
  a = c(auth_token: "Bearer \${user}")
}
`;
    expect(lintWith(literalCredential, text)).toEqual([]);
  });
});

describe("mlpc/name-near-limit at its boundaries", () => {
  const named = (name: string): string => `serve ${name} {
  model xgboost from "s3://acme/fraud/v3"
  resources { cpu 1  memory "1Gi" }
}
`;
  it("reports names of 54 to 63 characters, not 53", () => {
    expect(lintWith(nameNearLimit, named("a".repeat(53)))).toEqual([]);
    expect(spans(lintWith(nameNearLimit, named("a".repeat(54))))).toEqual(["MLP5013 1:7-1:61"]);
    expect(spans(lintWith(nameNearLimit, named("a".repeat(63))))).toEqual(["MLP5013 1:7-1:70"]);
  });
});

it("keeps its doc pages' examples readable (sanity: the pages exist)", () => {
  for (const r of LINT_RULES) expect(readFileSync(page(r.id), "utf8").length).toBeGreaterThan(200);
});

describe("findings at a component's setting", () => {
  const text = `component c {
  description "Loads a table"
  image  "ghcr.io/acme/c@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95"
  input  name: String
  run    ["load", name]
  resources { cpu 1  memory "1Gi" }
  retry 3
}

pipeline p {
  description "Loads two tables"
  artifactRoot "s3://acme/pipelines"
  a = c(name: "a")
  b = c(name: "b")
}
`;
  it("are reported once by lint(), not once per step that runs the component", () => {
    const resolved = resolve(checkSource(text).program!);
    expect(spans(lint(resolved))).toEqual(["MLP5021 7:3-7:8"]);
  });
});

describe("mlpc/training-timeout decides by GPUs and the component's name", () => {
  const program = (name: string, description: string, gpu: string): string => `component ${name} {
  description "${description}"
  image  "ghcr.io/acme/c@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95"
  run    ["go"]
  resources { cpu 1  memory "1Gi" ${gpu} }
}

pipeline p {
  s = ${name}()
}
`;
  it("reports train/fit/finetune/sft words and GPU steps, not descriptions or words inside words", async () => {
    const { trainingTimeout } = await import("../../../src/passes/lint/rules/training-timeout.js");
    const messages = (name: string, description: string, gpu = ""): string[] => lintWith(trainingTimeout, program(name, description, gpu)).map((d) => d.message);
    expect(messages("train_model", "x")).toEqual(["Step 's' counts as training (its component is 'train_model') but has no timeout, so a hung run holds its nodes forever; set 'timeout' on the step or its component."]);
    expect(messages("fit_xgb", "x")).toHaveLength(1);
    expect(messages("sft", "x")).toHaveLength(1);
    expect(messages("embed", "x", 'gpu 1 "nvidia-l4"')).toEqual(["Step 's' counts as training (it requests GPUs) but has no timeout, so a hung run holds its nodes forever; set 'timeout' on the step or its component."]);
    expect(messages("retrain_check", "x")).toEqual([]);
    expect(messages("split_dataset", "Splits into train and test")).toEqual([]);
  });
});

describe("mlpc/unused-output and an artifact's URI", () => {
  const text = (read: string): string => `component shard {
  description "Writes one shard"
  image  "ghcr.io/acme/c@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95"
  input  i: Int
  output data: Dataset
  output data_uri: String
  output rows: Int
  run    ["go", i, data.path, data_uri.path, rows.path]
}

component merge {
  description "Merges shards"
  image  "ghcr.io/acme/c@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95"
  input  uris: List<String>
  run    ["merge", uris]
}

pipeline p {
  for i in [0, 1] parallel 2 {
    s = shard(i: i)
  }
  m = merge(uris: ${read})
}
`;
  it("counts X as read when X_uri is read, and never reports parameter outputs", async () => {
    const { unusedOutput } = await import("../../../src/passes/lint/rules/unused-output.js");
    expect(lintWith(unusedOutput, text("collect(s.data_uri)"))).toEqual([]);
    expect(spans(lintWith(unusedOutput, text("[]")))).toEqual(["MLP5010 20:5-20:20"]);
  });
});
