import type { Loc, Program } from "../../src/ir/types.js";

let line = 0;
/** A fresh location, one line further down `fixture.mlpipe`. */
function at(): Loc {
  line += 1;
  return { file: "fixture.mlpipe", line, col: 3, endLine: line, endCol: 20 };
}

/**
 * A hand-written program that uses every node of the IR at least once, so the schema is exercised
 * beyond what the examples happen to contain.
 */
export function richProgram(): Program {
  line = 0;
  return {
    kind: "program",
    components: [
      {
        kind: "component",
        name: "train",
        description: "Trains the model",
        image: { ref: "ghcr.io/acme/train:2.3.1", loc: at() },
        inputs: [
          { kind: "input", name: "data", type: { kind: "artifact", name: "Dataset" }, optional: false, loc: at() },
          {
            kind: "input",
            name: "lr",
            type: { kind: "param", name: "Float" },
            default: { kind: "number", value: 0.001, loc: at() },
            optional: false,
            description: "learning rate",
            loc: at(),
          },
          {
            kind: "input",
            name: "tags",
            type: { kind: "param", name: "List", items: { kind: "param", name: "String" } },
            optional: true,
            loc: at(),
          },
          { kind: "input", name: "status", type: { kind: "status" }, optional: true, loc: at() },
        ],
        outputs: [
          { kind: "output", name: "model", type: { kind: "artifact", name: "Model" }, loc: at() },
          { kind: "output", name: "accuracy", type: { kind: "param", name: "Float" }, description: "top-1", loc: at() },
        ],
        command: [{ kind: "arg", parts: [{ kind: "text", value: "python", loc: at() }], loc: at() }],
        args: [
          {
            kind: "arg",
            parts: [
              { kind: "text", value: "--lr=", loc: at() },
              { kind: "placeholder", ref: "inputValue", name: "lr", loc: at() },
            ],
            loc: at(),
          },
          {
            kind: "ifPresent",
            input: "tags",
            then: [{ kind: "arg", parts: [{ kind: "placeholder", ref: "inputValue", name: "tags", loc: at() }], loc: at() }],
            otherwise: [{ kind: "arg", parts: [{ kind: "text", value: "--no-tags", loc: at() }], loc: at() }],
            loc: at(),
          },
          { kind: "arg", parts: [{ kind: "placeholder", ref: "outputPath", name: "model", loc: at() }], loc: at() },
        ],
        settings: {
          env: [
            { kind: "env", name: "WANDB_MODE", source: { kind: "value", value: { kind: "string", value: "offline", loc: at() } }, loc: at() },
            { kind: "env", name: "API_TOKEN", source: { kind: "secret", secret: "ml-secrets", key: "token" }, loc: at() },
            { kind: "env", name: "REGION", source: { kind: "configMap", configMap: "ml-config", key: "region" }, loc: at() },
          ],
          resources: {
            kind: "resources",
            cpu: { request: { value: "2", loc: at() }, limit: { value: "4", loc: at() } },
            memory: { request: { value: "32Gi", loc: at() } },
            ephemeralStorage: { limit: { value: "100Gi", loc: at() } },
            gpu: { count: 1, type: "nvidia-a100", vendor: "nvidia.com", loc: at() },
            loc: at(),
          },
          volumes: [
            { kind: "volume", mountPath: "/data", source: { kind: "pvc", claim: "data", readOnly: true }, loc: at() },
            {
              kind: "volume",
              mountPath: "/scratch",
              source: { kind: "emptyDir", medium: "Memory", sizeLimit: { value: "1Gi", loc: at() } },
              loc: at(),
            },
            { kind: "volume", mountPath: "/secrets", source: { kind: "secret", secret: "creds", optional: false }, loc: at() },
            { kind: "volume", mountPath: "/config", source: { kind: "configMap", configMap: "cfg", optional: true }, loc: at() },
          ],
          retry: { kind: "retry", limit: 2, backoffSeconds: 30, factor: 2, maxBackoffSeconds: 600, loc: at() },
          timeout: { seconds: 14400, loc: at() },
          caching: { value: true, loc: at() },
          nodeSelector: [{ key: "pool", value: "gpu", loc: at() }],
          tolerations: [
            { kind: "toleration", key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule", loc: at() },
            { kind: "toleration", key: "spot", operator: "Equal", value: "true", tolerationSeconds: 60, loc: at() },
          ],
          affinity: [
            { kind: "affinity", key: "zone", operator: "In", values: ["a", "b"], loc: at() },
            { kind: "affinity", key: "cost", operator: "Lt", values: ["3"], weight: 10, loc: at() },
          ],
          labels: [{ key: "team", value: "fraud", loc: at() }],
          annotations: [{ key: "owner", value: "ml", loc: at() }],
          serviceAccount: { name: "trainer", loc: at() },
          imagePullSecrets: [{ name: "ghcr", loc: at() }],
        },
        sideEffects: false,
        loc: at(),
      },
    ],
    pipelines: [
      {
        kind: "pipeline",
        name: "fraud_detection",
        description: "Train and register",
        params: [
          { kind: "param", name: "source", type: { kind: "param", name: "String" }, default: { kind: "string", value: "s3://x", loc: at() }, loc: at() },
          {
            kind: "param",
            name: "cfg",
            type: { kind: "param", name: "Struct" },
            default: {
              kind: "struct",
              fields: [
                { name: "a", value: { kind: "null", loc: at() }, loc: at() },
                { name: "b", value: { kind: "list", items: [{ kind: "bool", value: true, loc: at() }], loc: at() }, loc: at() },
              ],
              loc: at(),
            },
            description: "config",
            loc: at(),
          },
        ],
        outputs: [
          {
            kind: "pipelineOutput",
            name: "model",
            type: { kind: "artifact", name: "Model" },
            value: { kind: "output", step: "fit", output: "model", loc: at() },
            loc: at(),
          },
        ],
        body: [
          {
            kind: "importer",
            name: "raw",
            uri: { kind: "param", name: "source", loc: at() },
            artifactType: { kind: "artifact", name: "Dataset" },
            reimport: false,
            metadata: [{ key: "origin", value: { kind: "string", value: "s3", loc: at() }, loc: at() }],
            after: [],
            loc: at(),
          },
          {
            kind: "step",
            name: "fit",
            call: { kind: "component", name: "train", loc: at() },
            arguments: [
              { name: "data", value: { kind: "output", step: "raw", output: "artifact", loc: at() }, loc: at() },
              {
                name: "tags",
                value: {
                  kind: "interpolation",
                  parts: ["run-", { kind: "param", name: "source", loc: at() }, ""],
                  loc: at(),
                },
                loc: at(),
              },
            ],
            after: [{ step: "raw", loc: at() }],
            settings: { caching: { value: false, loc: at() } },
            ignoreUpstreamFailure: false,
            displayName: "Fit the model",
            loc: at(),
          },
          {
            kind: "condition",
            branches: [
              {
                condition: {
                  kind: "and",
                  left: {
                    kind: "compare",
                    op: ">=",
                    left: { kind: "output", step: "fit", output: "accuracy", loc: at() },
                    right: { kind: "number", value: 0.9, loc: at() },
                    loc: at(),
                  },
                  right: { kind: "not", operand: { kind: "bool", value: false, loc: at() }, loc: at() },
                  loc: at(),
                },
                body: [{ kind: "deploy", name: "ship", serve: "fraud_model", after: [], loc: at() }],
                loc: at(),
              },
              { body: [], loc: at() },
            ],
            loc: at(),
          },
          {
            kind: "loop",
            variable: "shard",
            items: { kind: "list", items: [{ kind: "number", value: 1, loc: at() }], loc: at() },
            parallelism: 2,
            body: [
              {
                kind: "step",
                name: "score",
                call: { kind: "pipeline", name: "scoring", loc: at() },
                arguments: [{ name: "shard", value: { kind: "loopItem", loop: "shard", field: "id", loc: at() }, loc: at() }],
                after: [],
                settings: {},
                ignoreUpstreamFailure: false,
                loc: at(),
              },
            ],
            loc: at(),
          },
          {
            kind: "step",
            name: "report",
            call: { kind: "component", name: "train", loc: at() },
            arguments: [
              { name: "scores", value: { kind: "collect", step: "score", output: "auc", loc: at() }, loc: at() },
              {
                name: "either",
                value: {
                  kind: "or",
                  left: { kind: "bool", value: true, loc: at() },
                  right: { kind: "bool", value: false, loc: at() },
                  loc: at(),
                },
                loc: at(),
              },
            ],
            after: [],
            settings: {},
            ignoreUpstreamFailure: true,
            loc: at(),
          },
        ],
        exitHandler: {
          body: [
            {
              kind: "step",
              name: "notify",
              call: { kind: "component", name: "train", loc: at() },
              arguments: [{ name: "status", value: { kind: "status", loc: at() }, loc: at() }],
              after: [],
              settings: {},
              ignoreUpstreamFailure: true,
              loc: at(),
            },
          ],
          loc: at(),
        },
        schedule: { kind: "schedule", cron: "0 3 * * *", timezone: { name: "Europe/Berlin", loc: at() }, concurrency: "Forbid", loc: at() },
        settings: { labels: [{ key: "team", value: "fraud", loc: at() }] },
        loc: at(),
      },
    ],
    tunes: [
      {
        kind: "tune",
        name: "fraud_hpo",
        target: { kind: "component", name: "train", loc: at() },
        objective: {
          type: "maximize",
          metric: "accuracy",
          goal: 0.95,
          additionalMetrics: [{ name: "loss", loc: at() }],
          strategies: [{ metric: "loss", value: "min", loc: at() }],
          loc: at(),
        },
        algorithm: { name: "bayesianoptimization", settings: [{ key: "random_state", value: "10", loc: at() }], loc: at() },
        earlyStopping: { name: "medianstop", settings: [], loc: at() },
        search: [
          { kind: "search", name: "lr", type: "double", min: 0.0001, max: 0.1, distribution: "logUniform", loc: at() },
          { kind: "search", name: "layers", type: "int", min: 1, max: 8, step: 1, loc: at() },
          { kind: "search", name: "opt", type: "categorical", values: ["adam", "sgd"], loc: at() },
          { kind: "search", name: "batch", type: "discrete", values: [32, 64], loc: at() },
        ],
        arguments: [{ name: "data", value: { kind: "string", value: "s3://d", loc: at() }, loc: at() }],
        maxTrials: 30,
        parallelTrials: 3,
        maxFailedTrials: 5,
        resumePolicy: "Never",
        collector: { kind: "file", path: "/tmp/metrics.txt", loc: at() },
        settings: {},
        loc: at(),
      },
    ],
    serves: [
      {
        kind: "serve",
        name: "fraud_model",
        model: { format: "sklearn", version: "1", storage: { kind: "string", value: "s3://m", loc: at() }, loc: at() },
        runtime: "kserve-sklearnserver",
        protocol: "v2",
        minReplicas: 1,
        maxReplicas: 5,
        scale: { metric: "rps", target: 100, loc: at() },
        canary: { percent: 10, loc: at() },
        deploymentMode: "Serverless",
        transformer: {
          image: { ref: "ghcr.io/acme/tx:1", loc: at() },
          command: [],
          args: [],
          settings: {},
          loc: at(),
        },
        settings: {},
        loc: at(),
      },
    ],
  };
}

/** The program as `--no-loc` prints it: every `loc` key removed, recursively. */
export function stripLoc(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLoc);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "loc") out[k] = stripLoc(v);
    return out;
  }
  return value;
}
