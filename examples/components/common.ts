// Building blocks shared by the ML platform team's pipelines: the TypeScript twin of common.mlpipe.
//
// Import what you use:      import { loadTable, notifySlack } from "./components/common.js";
//
// Every component here is pinned by digest or by an immutable release tag, so the optimizer may cache
// the pure ones; the ones that write outside their outputs declare `sideEffects`.

import {
  Bool,
  ClassificationMetrics,
  component,
  configMap,
  Dataset,
  Float,
  HTML,
  ifPresent,
  Int,
  Markdown,
  Metrics,
  Model,
  secret,
  Status,
  Str,
} from "mlpc";

export const loadTable = component("load_table", {
  description: "Reads a table (Parquet on S3 or GCS, or a BigQuery table) into a Dataset",
  image: "ghcr.io/acme-ml/data-tools@sha256:e3dfdfbc1aceab26d8b2a7b03b2451d8aa543469d5504753a9f92fd90f234f14",
  inputs: {
    source: Str, // s3://…, gs://… or bq://project.dataset.table
    sample: Float.default(1.0), // fraction of rows to keep, 1.0 reads everything
    row_filter: Str.optional(), // SQL predicate pushed down to the reader, e.g. "country = 'DE'"
  },
  outputs: { data: Dataset, rows: Int },
  run: ({ source, sample, row_filter, data, rows }) => [
    "python", "-m", "acme_data.load",
    "--source", source,
    "--sample", sample,
    ifPresent(row_filter, ["--filter", row_filter]),
    "--out", data.path,
    "--rows-file", rows.path,
  ],
  env: {
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: secret("s3-credentials", "access_key_id"),
    AWS_SECRET_ACCESS_KEY: secret("s3-credentials", "secret_access_key"),
  },
  resources: { cpu: [1, 2], memory: ["4Gi", "8Gi"] },
  // Object stores throttle now and then; retry with exponential backoff instead of failing the run.
  retry: { limit: 3, backoff: "30s", factor: 2, max: "5m" },
  timeout: "1h",
});

export const validateSchema = component("validate_schema", {
  description: "Checks a Dataset against a Great Expectations suite and renders the result as HTML",
  image: "ghcr.io/acme-ml/data-quality:1.8.2",
  inputs: {
    data: Dataset,
    suite: Str, // file name (without .json) in the dq-suites ConfigMap
    max_null_ratio: Float.default(0.01),
  },
  outputs: { report: HTML, passed: Bool, failed_checks: Int },
  run: ({ data, suite, max_null_ratio, report, passed, failed_checks }) => [
    "python", "-m", "acme_dq.validate",
    "--data", data.path,
    "--data-uri", data.uri, // recorded in the report so reviewers can open the data
    "--suite", `/etc/dq-suites/${suite}.json`,
    "--overrides-dir", "/etc/dq-overrides",
    "--max-null-ratio", max_null_ratio,
    "--report", report.path,
    "--passed-file", passed.path,
    "--failed-file", failed_checks.path,
  ],
  volumes: {
    "/etc/dq-suites": configMap("dq-suites"),
    "/etc/dq-overrides": configMap("dq-suite-overrides", { optional: true }), // most namespaces have none
  },
  resources: { cpu: 2, memory: "8Gi" },
});

export const splitDataset = component("split_dataset", {
  description: "Splits a Dataset into train and test, optionally stratified by one column",
  image: "ghcr.io/acme-ml/data-tools@sha256:e3dfdfbc1aceab26d8b2a7b03b2451d8aa543469d5504753a9f92fd90f234f14",
  inputs: {
    data: Dataset,
    test_fraction: Float.default(0.2),
    seed: Int.default(42),
    stratify_by: Str.optional(),
  },
  outputs: { train: Dataset, test: Dataset },
  run: ({ data, test_fraction, seed, stratify_by, train, test }) => [
    "python", "-m", "acme_data.split",
    "--data", data.path,
    "--test-fraction", test_fraction,
    `--seed=${seed}`,
    ifPresent(stratify_by, ["--stratify-by", stratify_by]),
    "--train", train.path,
    "--test", test.path,
  ],
  resources: { cpu: 2, memory: ["8Gi", "16Gi"] },
});

export const evaluateClassifier = component("evaluate_classifier", {
  description: "Scores a binary classifier on a held-out Dataset: ROC AUC, confusion matrix, a Markdown summary",
  image: "ghcr.io/acme-ml/model-eval:0.14.1",
  inputs: { model: Model, test: Dataset, label: Str, threshold: Float.default(0.5) },
  outputs: { metrics: Metrics, confusion: ClassificationMetrics, auc: Float, summary: Markdown },
  run: ({ model, test, label, threshold, metrics, confusion, auc, summary }) => [
    "python", "-m", "acme_eval.classifier",
    "--model", model.path,
    "--test", test.path,
    "--label", label,
    "--threshold", threshold,
    "--metrics", metrics.path,
    "--confusion", confusion.path,
    "--auc-file", auc.path,
    "--summary", summary.path,
  ],
  resources: { cpu: 4, memory: "16Gi" },
  timeout: "2h",
});

export const registerModel = component("register_model", {
  description: "Pushes a model to the MLflow model registry and moves it to a stage",
  image: "ghcr.io/acme-ml/registry-client:2.4.0",
  inputs: {
    model: Model,
    name: Str,
    stage: Str.default("Staging"),
    auc: Float.optional(), // logged as a model version tag when given
  },
  outputs: { version: Str, model_uri: Str },
  run: ({ model, name, stage, auc, version, model_uri }) => [
    "python", "-m", "acme_registry.push",
    "--model", model.path,
    "--source-uri", model.uri,
    "--name", name,
    "--stage", stage,
    ifPresent(auc, ["--tag", `auc=${auc}`]),
    "--version-file", version.path,
    "--model-uri-file", model_uri.path,
  ],
  sideEffects: true, // creates a registry entry: never cache, never drop
  env: {
    MLFLOW_TRACKING_URI: configMap("mlflow-settings", "tracking_uri"),
    MLFLOW_TRACKING_TOKEN: secret("mlflow-credentials", "token"),
  },
  resources: { cpu: "500m", memory: "1Gi" },
  // mlpc-disable-next-line mlpc/retry-side-effects -- registration is keyed by the run's id, so a retry finds the version it made
  retry: { limit: 2, backoff: "10s" },
});

export const notifySlack = component("notify_slack", {
  description: "Posts a message to a Slack channel",
  image: "ghcr.io/acme-ml/notify:0.9.3",
  inputs: { message: Str, channel: Str.default("#ml-platform-alerts") },
  run: ({ message, channel }) => ["python", "-m", "acme_notify.slack", "--channel", channel, "--text", message],
  sideEffects: true,
  env: { SLACK_WEBHOOK_URL: secret("slack-webhooks", "ml_platform") },
  resources: { cpu: "100m", memory: ["128Mi", "256Mi"] },
  // mlpc-disable-next-line mlpc/retry-side-effects -- a duplicate alert is better than a lost one
  retry: { limit: 3, backoff: "5s", factor: 3 },
});

export const notifyRunStatus = component("notify_run_status", {
  description: "Posts the final state of a pipeline run (for exit handlers)",
  image: "ghcr.io/acme-ml/notify:0.9.3",
  inputs: {
    status: Status, // handed over with `status: p.status` in `p.finally`
    pipeline_name: Str,
    channel: Str.default("#ml-platform-alerts"),
  },
  run: ({ status, pipeline_name, channel }) => [
    "python", "-m", "acme_notify.run_status",
    "--status-json", status,
    "--pipeline", pipeline_name,
    "--channel", channel,
  ],
  sideEffects: true,
  env: { SLACK_WEBHOOK_URL: secret("slack-webhooks", "ml_platform") },
  resources: { cpu: "100m", memory: "128Mi" },
});
