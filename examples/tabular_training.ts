// Card-fraud model: nightly retraining of the scikit-learn model, a Katib search for an XGBoost
// challenger, and the KServe services that answer the payment gateway. The TypeScript twin of
// tabular_training.mlpipe:
//
//   mlpc compile examples/tabular_training.ts -t all -o out/
//
// gives one KFP/Argo pipeline (fraud_training), two Katib Experiments (the `tune`s) and three
// InferenceServices (the top-level `serve`s and the candidate deployed from inside the pipeline).

import { and, Bool, choice, component, configMap, Dataset, Float, Int, Model, pipeline, range, serve, Str, tune } from "mlpc";
import { evaluateClassifier, loadTable, notifySlack, registerModel, splitDataset } from "./components/common.js";

export const engineerFeatures = component("engineer_features", {
  description: "Turns raw card transactions into model features (velocity, merchant risk, geo distance)",
  image: "ghcr.io/acme-ml/fraud-features@sha256:dcd666a91ce26ebb680319ee91ee978e63e41e4aec80342a91b15211d2404c46",
  inputs: { transactions: Dataset, window_days: Int.default(30) },
  outputs: { features: Dataset },
  run: ({ transactions, window_days, features }) => [
    "python", "-m", "fraud.features",
    "--transactions", transactions.path,
    "--window-days", window_days,
    "--out", features.path,
  ],
  // mlpc-disable-next-line MLP4021 -- KFP runs the step on the node's disk; Argo gets the request
  resources: { cpu: [4, 8], memory: ["16Gi", "24Gi"], ephemeralStorage: "20Gi" },
  timeout: "2h",
});

export const trainSklearn = component("train_sklearn", {
  description: "Fits the production model: a scikit-learn pipeline (imputer, encoders, HistGradientBoosting)",
  image: "ghcr.io/acme-ml/fraud-train@sha256:595ad4c76c2f0a6d31b7092950149d8d36c16c5c4ad64cff159ba2d7992b4323",
  inputs: {
    train: Dataset,
    label: Str.default("is_fraud"),
    learning_rate: Float.default(0.05),
    max_iter: Int.default(500),
    class_weight: Str.default("balanced"),
  },
  outputs: { model: Model, train_auc: Float },
  run: ({ train, label, learning_rate, max_iter, class_weight, model, train_auc }) => [
    "python", "-m", "fraud.train_sklearn",
    "--train", train.path,
    "--label", label,
    `--learning-rate=${learning_rate}`,
    `--max-iter=${max_iter}`,
    "--class-weight", class_weight,
    "--model-dir", model.path,
    "--train-auc-file", train_auc.path,
  ],
  env: { OMP_NUM_THREADS: "8", PYTHONHASHSEED: "0" },
  resources: { cpu: 8, memory: "32Gi" },
  timeout: "3h",
});

// Katib runs every trial as a single pod, so the trial reads its data by URI instead of receiving
// Dataset artifacts; it prints `auc=…` and `logloss=…` lines that the stdout collector picks up.
export const xgbTrial = component("xgb_trial", {
  description: "One XGBoost training run on frozen feature snapshots, for hyperparameter search",
  image: "ghcr.io/acme-ml/fraud-train@sha256:595ad4c76c2f0a6d31b7092950149d8d36c16c5c4ad64cff159ba2d7992b4323",
  inputs: {
    train_uri: Str,
    valid_uri: Str,
    learning_rate: Float.default(0.1),
    max_depth: Int.default(6),
    min_child_weight: Float.default(1.0),
    subsample: Float.default(0.8),
    colsample_bytree: Float.default(0.8),
    reg_lambda: Float.default(1.0),
    booster: Str.default("gbtree"),
    n_estimators: Int.default(400),
  },
  outputs: { auc: Float, logloss: Float },
  run: (io) => [
    "python", "-m", "fraud.xgb_trial",
    "--train", io.train_uri,
    "--valid", io.valid_uri,
    `--learning-rate=${io.learning_rate}`,
    `--max-depth=${io.max_depth}`,
    `--min-child-weight=${io.min_child_weight}`,
    `--subsample=${io.subsample}`,
    `--colsample-bytree=${io.colsample_bytree}`,
    `--reg-lambda=${io.reg_lambda}`,
    `--booster=${io.booster}`,
    `--n-estimators=${io.n_estimators}`,
    "--auc-file", io.auc.path,
    "--logloss-file", io.logloss.path,
    "--metrics-log", "/var/log/katib/metrics.log",
  ],
  resources: { cpu: 4, memory: "16Gi" },
  timeout: "45m",
});

export const fraudTraining = pipeline(
  "fraud_training",
  {
    description: "Retrain, evaluate, register and canary-deploy the card-fraud model",
    artifactRoot: "s3://acme-ml/pipelines",
    params: {
      source: Str.default("s3://acme-lake/payments/transactions/month=2026-11/"),
      label: Str.default("is_fraud"),
      learning_rate: Float.default(0.05),
      min_auc: Float.default(0.92), // below this the candidate is never registered
      deploy: Bool.default(true),
    },
  },
  (p) => {
    const { source, label, learning_rate, min_auc, deploy } = p.params;
    const raw = loadTable({ source, row_filter: "channel IN ('ecom', 'pos')" }, { name: "raw" });
    const features = engineerFeatures({ transactions: raw.outputs.data, window_days: 30 }, { name: "features" });
    const split = splitDataset({ data: features.outputs.features, test_fraction: 0.2, stratify_by: label }, { name: "split" });
    const fit = trainSklearn({ train: split.outputs.train, label, learning_rate }, { name: "fit" });
    const evaluation = evaluateClassifier({ model: fit.outputs.model, test: split.outputs.test, label, threshold: 0.35 }, { name: "eval" });

    p.if(and(evaluation.outputs.auc.ge(min_auc), deploy), () => {
      registerModel(
        { model: fit.outputs.model, name: "fraud", auc: evaluation.outputs.auc },
        { name: "reg", displayName: "Register fraud model in MLflow" },
      );
      // Each accepted model becomes a new revision of the candidate endpoint, which the payment gateway
      // shadows; KServe sends the new revision 10 % of that traffic until it is promoted. The storage
      // URI is the artifact the `fit` step wrote.
      serve("fraud_candidate", {
        model: { format: "sklearn", from: fit.outputs.model },
        runtime: "kserve-sklearnserver",
        protocol: "v2",
        replicas: [1, 3],
        canary: 10,
        mode: "serverless",
        resources: { cpu: 1, memory: "2Gi" },
        labels: { team: "fraud", stage: "candidate" },
      });
    }).else(() => {
      notifySlack({
        message: `fraud_training: candidate AUC ${evaluation.outputs.auc} is below ${min_auc}; nothing registered`,
        channel: "#fraud-ml",
      });
    });

    return { model: fit.outputs.model, auc: evaluation.outputs.auc };
  },
);
export default fraudTraining;

// Bayesian search for an XGBoost challenger on frozen feature snapshots.
export const fraudXgbHpo = tune("fraud_xgb_hpo", xgbTrial, {
  objective: { maximize: "auc", goal: 0.97 },
  metrics: ["logloss"],
  strategies: { logloss: "min" },
  algorithm: { name: "bayesianoptimization", settings: { base_estimator: "GP", n_initial_points: 10, random_state: 42 } },
  earlyStopping: { name: "medianstop", settings: { min_trials_required: 5, start_step: 3 } },
  search: {
    learning_rate: range(Float, 0.001, 0.3, { distribution: "log" }),
    max_depth: range(Int, 3, 12, { step: 1 }),
    min_child_weight: choice(Float, [1, 3, 5, 10]), // discrete values
    subsample: range(Float, 0.5, 1.0, { distribution: "uniform" }),
    colsample_bytree: range(Float, 0.5, 1.0, { distribution: "normal" }), // centred on 0.75
    reg_lambda: range(Float, 0.01, 100, { distribution: "lognormal" }),
    booster: choice(Str, ["gbtree", "dart"]), // categorical
  },
  trials: { max: 60, parallel: 6, failures: 6 },
  with: {
    train_uri: "s3://acme-ml/fraud/features/2026-11/train.parquet",
    valid_uri: "s3://acme-ml/fraud/features/2026-11/valid.parquet",
    n_estimators: 600,
  },
  resume: "longRunning",
  collector: "stdout",
  resources: { cpu: 4, memory: "16Gi" },
  serviceAccount: "katib-trials",
});

// A quick random sweep over the tree shape only, reading the metrics file the trial writes.
export const fraudXgbDepthSweep = tune("fraud_xgb_depth_sweep", xgbTrial, {
  objective: { minimize: "logloss" },
  algorithm: "random",
  search: {
    max_depth: range(Int, 2, 16, { step: 2 }),
    n_estimators: choice(Int, [200, 400, 800]),
  },
  trials: { max: 12, parallel: 4 },
  with: {
    train_uri: "s3://acme-ml/fraud/features/2026-11/train.parquet",
    valid_uri: "s3://acme-ml/fraud/features/2026-11/valid.parquet",
  },
  resume: "never",
  collector: { file: "/var/log/katib/metrics.log" },
});

// The whole training pipeline as a Katib trial (an Argo Workflow per trial): which learning rate gives
// the best held-out AUC, end to end. Trials never register or deploy anything.
export const fraudLrSweep = tune("fraud_lr_sweep", fraudTraining, {
  objective: { maximize: "auc" },
  algorithm: "random",
  search: { learning_rate: range(Float, 0.01, 0.2) },
  trials: { max: 8, parallel: 2 },
  with: { deploy: false },
});

// The champion: XGBoost model promoted last month, served with the V2 inference protocol behind a
// feature transformer that fills in the online features from the feature store.
export const fraudScorer = serve("fraud_scorer", {
  model: { format: "xgboost", from: "s3://acme-ml-models/fraud/xgboost/2026-10-28", version: "2" },
  runtime: "kserve-xgbserver",
  protocol: "v2",
  replicas: [1, 5],
  scale: { metric: "concurrency", target: 10 },
  canary: 10,
  mode: "serverless",
  transformer: {
    image: "ghcr.io/acme-ml/fraud-feature-transformer:3.4.0",
    args: ["--model_name", "fraud_scorer", "--feature-store", "redis://feast-online.ml.svc:6379"],
    env: { FEAST_PROJECT: configMap("feast-config", "project") },
    resources: { cpu: 1, memory: "2Gi" },
  },
  resources: { cpu: [1, 2], memory: ["2Gi", "4Gi"] },
  serviceAccount: "kserve-s3-reader",
  labels: { team: "fraud", "app.kubernetes.io/part-of": "fraud-platform" },
  annotations: { "acme.io/owner": "fraud-ml@acme.io" },
});

// Shadow deployment straight from the MLflow registry (model "fraud", version 3).
// mlpc-disable-next-line MLP4306 -- the cluster has a ClusterStorageContainer for models:/ URIs
export const fraudShadow = serve("fraud_shadow", {
  model: { format: "mlflow", from: "models:/fraud/3" },
  runtime: "kserve-mlserver",
  protocol: "v2",
  replicas: 1,
  mode: "raw",
  resources: { cpu: 1, memory: "2Gi" },
  env: { MLFLOW_TRACKING_URI: configMap("mlflow-settings", "tracking_uri") },
});
