// Nightly batch scoring of yesterday's card transactions with the registered fraud model: the
// TypeScript twin of batch_scoring.mlpipe. The scores feed the analysts' review queue the next morning,
// so the run starts at 03:00 Berlin time and two runs must never overlap (a second run would write the
// same partition).

import { component, configMap, Dataset, Float, HTML, Int, Model, pipeline, secret, Str } from "mlpc";
import { loadTable, notifySlack } from "./components/common.js";

export const fetchRegisteredModel = component("fetch_registered_model", {
  description: "Downloads a model version from the MLflow registry",
  image: "ghcr.io/acme-ml/registry-client:2.4.0",
  inputs: { model_uri: Str }, // models:/<name>/<version> or models:/<name>/<stage>
  outputs: { model: Model },
  run: ({ model_uri, model }) => ["python", "-m", "acme_registry.fetch", "--uri", model_uri, "--out", model.path],
  env: {
    MLFLOW_TRACKING_URI: configMap("mlflow-settings", "tracking_uri"),
    MLFLOW_TRACKING_TOKEN: secret("mlflow-credentials", "token"),
  },
  resources: { cpu: "500m", memory: "2Gi" },
});

export const joinReferenceData = component("join_reference_data", {
  description: "Adds merchant risk tiers and BIN country to the transactions",
  image: "ghcr.io/acme-ml/fraud-features@sha256:dcd666a91ce26ebb680319ee91ee978e63e41e4aec80342a91b15211d2404c46",
  inputs: { transactions: Dataset, merchants: Dataset },
  outputs: { enriched: Dataset },
  run: ({ transactions, merchants, enriched }) => [
    "python", "-m", "fraud.join_reference",
    "--transactions", transactions.path,
    "--merchants", merchants.path,
    "--out", enriched.path,
  ],
  resources: { cpu: 4, memory: "16Gi" },
});

export const scoreTransactions = component("score_transactions", {
  description: "Scores every transaction and writes the predictions with the model version",
  image: "ghcr.io/acme-ml/fraud-score@sha256:37d895be501ec2f777e9bc2c202a1a8c75cafbe0021e17f4d1b01dfeb11c097f",
  inputs: { model: Model, data: Dataset, batch_size: Int.default(50000) },
  outputs: { predictions: Dataset, flagged: Int },
  run: ({ model, data, batch_size, predictions, flagged }) => [
    "python", "-m", "fraud.score",
    "--model", model.path,
    "--data", data.path,
    "--batch-size", batch_size,
    "--out", predictions.path,
    "--flagged-file", flagged.path,
  ],
  resources: { cpu: 8, memory: "32Gi" },
  timeout: "90m",
});

export const checkPredictionDrift = component("check_prediction_drift", {
  description: "Compares today's score distribution with the training reference (population stability index)",
  image: "ghcr.io/acme-ml/model-eval:0.14.1",
  inputs: { predictions: Dataset, reference_uri: Str },
  outputs: { psi: Float, report: HTML },
  run: ({ predictions, reference_uri, psi, report }) => [
    "python", "-m", "acme_eval.drift",
    "--predictions", predictions.path,
    "--reference", reference_uri,
    "--psi-file", psi.path,
    "--report", report.path,
  ],
  resources: { cpu: 2, memory: "8Gi" },
});

// Writes into the warehouse: a side effect the optimizer must neither cache nor drop.
export const publishPredictions = component("publish_predictions", {
  description: "Loads the predictions into the review-queue table (idempotent per partition)",
  image: "ghcr.io/acme-ml/warehouse-loader:4.0.2",
  inputs: { predictions: Dataset, table: Str, partition: Str },
  // Arguments go to the script as $1..$3 rather than into its text, so no value is parsed by the shell.
  // `\${HOSTNAME}` is the shell's variable (the pod name), not an interpolation.
  run: ({ predictions, table, partition }) => [
    "sh", "-c", `set -eu
# The loader replaces the partition atomically, so a retried run cannot double-count.
echo "loading $1 into $2 ($3)"
exec warehouse-load --replace-partition --source "$1" --table "$2" --partition "$3" --audit-tag "\${HOSTNAME}"`,
    "publish_predictions", predictions.path, table, partition,
  ],
  sideEffects: true,
  env: { WAREHOUSE_DSN: secret("warehouse", "dsn") },
  resources: { cpu: 1, memory: "2Gi" },
  // mlpc-disable-next-line mlpc/retry-side-effects -- the write replaces the day's partition, so a retry leaves the same rows
  retry: { limit: 3, backoff: "1m", factor: 2 },
});

// The case-management system of the fraud analysts imports CSV over SFTP and insists on CRLF lines.
export const exportCaseFile = component("export_case_file", {
  description: "Uploads the flagged transactions as CSV to the case-management SFTP drop",
  image: "ghcr.io/acme-ml/warehouse-loader:4.0.2",
  inputs: { predictions: Dataset, min_score: Float.default(0.8), line_terminator: Str.default("\r\n") },
  run: ({ predictions, min_score, line_terminator }) => [
    "case-export",
    "--predictions", predictions.path,
    "--min-score", min_score,
    "--line-terminator", line_terminator,
    "--target", "sftp://cases.acme.internal/inbox/fraud/",
  ],
  sideEffects: true,
  env: { SFTP_KEY: secret("case-management-sftp", "private_key") },
  resources: { cpu: "500m", memory: "1Gi" },
  // mlpc-disable-next-line mlpc/retry-side-effects -- the export replaces the day's file on the SFTP server, so a retry writes the same file
  retry: { limit: 2, backoff: "2m" },
});

// mlpc-disable-next-line MLP4020, MLP4023, mlpc/artifact-root -- KFP takes the schedule and the service account from the recurring run; artifacts go to the namespace's default repository
export default pipeline(
  "nightly_fraud_scoring",
  {
    description: "Score yesterday's transactions with the production fraud model and publish the flags",
    schedule: { cron: "0 3 * * *", timezone: "Europe/Berlin", concurrency: "Forbid" },
    // Input URIs stay the same from night to night while their contents change: never reuse results,
    // except where a step opts back in below.
    cache: false,
    labels: { team: "fraud", "app.kubernetes.io/part-of": "fraud-platform", cost_center: "cc-4711" },
    annotations: {
      "acme.io/owner": "fraud-ml@acme.io",
      "acme.io/runbook": "https://wiki.acme.io/fraud/batch-scoring",
    },
    serviceAccount: "fraud-batch-runner",
    imagePullSecrets: ["ghcr-acme-ml", "warehouse-registry"],
    // mlpc-disable-next-line MLP4022 -- on KFP the run is bounded by its steps' timeouts
    timeout: "4h",
    params: {
      transactions_uri: Str.default("s3://acme-lake/payments/transactions/dt=yesterday/"),
      merchants_snapshot: Str.default("s3://acme-lake/reference/merchants/snapshot=2026-11-01/"),
      model_uri: Str.default("models:/fraud/Production"),
      reference_uri: Str.default("s3://acme-ml/fraud/reference/score-distribution-2026-10.parquet"),
      max_psi: Float.default(0.25),
    },
  },
  (p) => {
    const model = fetchRegisteredModel({ model_uri: p.params.model_uri }, { name: "model" });
    const txns = loadTable({ source: p.params.transactions_uri }, { name: "txns" });

    // The merchant snapshot is immutable (the date is in its URI), so this step may be cached even
    // though the pipeline turns caching off.
    const merchants = loadTable(
      { source: p.params.merchants_snapshot },
      { name: "merchants", cache: true, displayName: "Load merchant snapshot" },
    );
    const enriched = joinReferenceData({ transactions: txns.outputs.data, merchants: merchants.outputs.data }, { name: "enriched" });
    const scores = scoreTransactions(
      { model: model.outputs.model, data: enriched.outputs.enriched },
      { name: "scores", resources: { cpu: 16, memory: "64Gi" } }, // month-end volumes need the bigger shape
    );
    const drift = checkPredictionDrift({ predictions: scores.outputs.predictions, reference_uri: p.params.reference_uri }, { name: "drift" });

    // Publish once the drift check has run: if it crashes, nothing is published. There is no data
    // dependency between the two, hence the explicit `after`. The PSI itself only decides who is told.
    const publish = publishPredictions(
      { predictions: scores.outputs.predictions, table: "fraud.review_queue", partition: "dt=yesterday" },
      { name: "publish", after: [drift] },
    );
    exportCaseFile({ predictions: scores.outputs.predictions, min_score: 0.8 }, { after: [publish] });
    const announce = notifySlack(
      { message: `Nightly fraud scoring published ${scores.outputs.flagged} flagged transactions`, channel: "#fraud-ops" },
      { name: "announce", after: [publish] },
    );

    p.if(drift.outputs.psi.gt(p.params.max_psi), () => {
      notifySlack(
        { message: `Nightly fraud scoring: PSI ${drift.outputs.psi} > ${p.params.max_psi}, please review the model`, channel: "#fraud-ml" },
        { name: "drift_alert", after: [announce] },
      );
    });
  },
);
