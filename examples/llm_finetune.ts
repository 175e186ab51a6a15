// Supervised fine-tuning of the support-assistant LLM with LoRA on two 8×A100 nodes (a Kubeflow Trainer
// TrainJob), evaluation in a reusable sub-pipeline, and registration when the evaluation beats the bar:
// the TypeScript twin of llm_finetune.mlpipe.

import {
  and,
  Artifact,
  component,
  configMap,
  Dataset,
  emptyDir,
  Float,
  HTML,
  ifPresent,
  importer,
  Int,
  Markdown,
  Metrics,
  Model,
  pipeline,
  pvc,
  secret,
  Str,
} from "mlpc";
import { notifySlack, registerModel } from "./components/common.js";

export const buildSftDataset = component("build_sft_dataset", {
  description: "Turns exported support conversations into chat-formatted, tokenized training shards",
  image: "ghcr.io/acme-ml/llm-data:1.3.0",
  inputs: {
    conversations: Dataset,
    tokenizer: Model, // the base model directory holds the tokenizer
    max_seq_len: Int.default(4096),
    holdout_fraction: Float.default(0.02),
  },
  outputs: { train: Dataset, holdout: Dataset },
  run: ({ conversations, tokenizer, max_seq_len, holdout_fraction, train, holdout }) => [
    "python", "-m", "sft.build_dataset",
    "--conversations", conversations.path,
    "--tokenizer", tokenizer.path,
    "--max-seq-len", max_seq_len,
    "--holdout-fraction", holdout_fraction,
    "--train", train.path,
    "--holdout", holdout.path,
  ],
  // mlpc-disable-next-line MLP4021 -- KFP runs the step on the node's disk; Argo gets the request
  resources: { cpu: 16, memory: "64Gi", ephemeralStorage: "200Gi" },
  timeout: "3h",
});

export const finetuneLora = component("finetune_lora", {
  description: "LoRA fine-tuning with DeepSpeed ZeRO-3 on all GPUs of several nodes",
  image: "ghcr.io/acme-ml/llm-train@sha256:6d2c70a79d7d99460f15fe16ec9058b46172a5ab6149ad64057bcaf5b794428e",
  inputs: {
    base_model: Model,
    train: Dataset,
    learning_rate: Float.default(2e-4),
    epochs: Int.default(3),
    lora_rank: Int.default(16),
    resume_from: Str.optional(), // checkpoint directory on the shared volume
  },
  outputs: {
    adapter: Model,
    metrics: Metrics,
    tensorboard: Artifact, // TensorBoard event files, for the training dashboard
  },
  // The job's pods read and write the artifacts at their URIs (rank 0 writes the outputs).
  run: ({ base_model, train, learning_rate, epochs, lora_rank, resume_from, adapter, metrics, tensorboard }) => [
    "torchrun", "-m", "sft.train",
    "--deepspeed", "/etc/accelerate/zero3.json",
    "--base-model", base_model.uri,
    "--train", train.uri,
    `--learning-rate=${learning_rate}`,
    "--epochs", epochs,
    "--lora-rank", lora_rank,
    "--checkpoint-dir", "/data/checkpoints/support-assistant",
    ifPresent(resume_from, ["--resume-from", resume_from], ["--fresh-start"]),
    "--out", adapter.uri,
    "--metrics", metrics.uri,
    "--logging-dir", tensorboard.uri,
  ],
  env: {
    HF_HOME: "/data/hf-cache",
    HF_TOKEN: secret("huggingface", "token"),
    WANDB_API_KEY: secret("wandb", "api_key"),
    WANDB_PROJECT: configMap("llm-settings", "wandb_project"),
    NCCL_IB_DISABLE: "0",
  },
  // Per node: each of the job's nodes gets these resources and this placement.
  // mlpc-disable-next-line MLP2080 -- compiled with --cluster (examples/clusters/gke.yaml), mlpc places this on the A100 pool; without a profile the cluster's scheduler decides
  resources: { cpu: [64, 96], memory: "900Gi", gpu: { count: 8, type: "nvidia-a100-80gb" } },
  volumes: {
    "/data": pvc("llm-data"), // datasets, HF cache, checkpoints (ReadWriteMany)
    "/dev/shm": emptyDir({ medium: "Memory", size: "64Gi" }), // NCCL and DataLoader shared memory
    "/etc/accelerate": configMap("accelerate-configs"),
    "/var/run/secrets/s3": secret("s3-credentials"),
  },
  nodeSelector: { "node.kubernetes.io/instance-type": "p4de.24xlarge" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
  // A Kubeflow Trainer TrainJob on the cluster's PyTorch runtime: 2 nodes, one process per GPU.
  distributed: { nodes: 2, procsPerNode: 8, runtime: "torch-distributed" },
  // Node failures on a 12-hour job are common enough: a new job restarts from the last checkpoint.
  retry: { limit: 3, backoff: "5m", factor: 2, max: "30m" },
  timeout: "12h",
});

export const mergeAdapter = component("merge_adapter", {
  description: "Merges the LoRA adapter into the base weights and saves safetensors",
  image: "ghcr.io/acme-ml/llm-train@sha256:6d2c70a79d7d99460f15fe16ec9058b46172a5ab6149ad64057bcaf5b794428e",
  inputs: { base_model: Model, adapter: Model },
  outputs: { merged: Model },
  run: ({ base_model, adapter, merged }) => ["python", "-m", "sft.merge", "--base", base_model.path, "--adapter", adapter.path, "--out", merged.path],
  // mlpc-disable-next-line MLP2080 -- compiled with --cluster (examples/clusters/gke.yaml), mlpc places this on the A100 pool; without a profile the cluster's scheduler decides
  resources: { cpu: 8, memory: "200Gi", gpu: { count: 1, type: "nvidia-a100-80gb" } },
  volumes: { "/dev/shm": emptyDir({ medium: "Memory", size: "32Gi" }) },
  timeout: "1h",
});

export const runLmEval = component("run_lm_eval", {
  description: "Runs lm-evaluation-harness tasks and reports the mean normalized accuracy",
  image: "ghcr.io/acme-ml/llm-eval:0.4.5",
  inputs: { model: Model, tasks: Str, holdout: Dataset },
  outputs: { score: Float, results: Metrics },
  run: ({ model, tasks, holdout, score, results }) => [
    "python", "-m", "llm_eval.harness",
    "--model", model.path,
    "--tasks", tasks,
    "--holdout", holdout.path,
    "--score-file", score.path,
    "--results", results.path,
  ],
  // Benchmark datasets are pre-downloaded to a shared cache; evaluation must not reach the Hub.
  env: { HF_DATASETS_CACHE: "/cache/hf-datasets", HF_DATASETS_OFFLINE: "1" },
  // mlpc-disable-next-line MLP4004 -- the step only reads the cache, and Argo mounts it read-only
  volumes: { "/cache": pvc("llm-eval-cache", { readOnly: true }) },
  // mlpc-disable-next-line MLP2080 -- compiled with --cluster (examples/clusters/gke.yaml), mlpc places it on the A100 pool; without a profile the cluster's scheduler decides
  resources: { cpu: 8, memory: "96Gi", gpu: { count: 1, type: "nvidia-a100-80gb" } },
  timeout: "4h",
});

export const runSafetyEval = component("run_safety_eval", {
  description: "Red-team prompts and refusal checks; fails the step when the refusal rate is off",
  image: "ghcr.io/acme-ml/llm-eval:0.4.5",
  inputs: { model: Model },
  outputs: { refusal_rate: Float, report: HTML },
  run: ({ model, refusal_rate, report }) => [
    "python", "-m", "llm_eval.safety",
    "--model", model.path,
    "--refusal-file", refusal_rate.path,
    "--report", report.path,
  ],
  // mlpc-disable-next-line MLP2080 -- compiled with --cluster (examples/clusters/gke.yaml), mlpc places this on the A100 pool; without a profile the cluster's scheduler decides
  resources: { cpu: 8, memory: "96Gi", gpu: { count: 1, type: "nvidia-a100-80gb" } },
  timeout: "2h",
});

export const writeModelCard = component("write_model_card", {
  description: "Renders the model card from the evaluation results",
  image: "ghcr.io/acme-ml/llm-eval:0.4.5",
  inputs: { results: Metrics, safety: HTML },
  outputs: { card: Markdown },
  run: ({ results, safety, card }) => ["python", "-m", "llm_eval.model_card", "--results", results.path, "--safety", safety.path, "--out", card.path],
  resources: { cpu: "500m", memory: "1Gi" },
});

// Reusable evaluation: other fine-tuning pipelines call it like a component.
export const llmEval = pipeline(
  "llm_eval",
  {
    description: "Capability and safety evaluation of a candidate LLM",
    params: { candidate: Model, holdout: Dataset, tasks: Str.default("mmlu,gsm8k,truthfulqa_mc2") },
  },
  (p) => {
    const harness = runLmEval({ model: p.params.candidate, tasks: p.params.tasks, holdout: p.params.holdout }, { name: "harness" });
    const safety = runSafetyEval({ model: p.params.candidate }, { name: "safety" });
    const card = writeModelCard({ results: harness.outputs.results, safety: safety.outputs.report }, { name: "card" });
    return { score: harness.outputs.score, refusal_rate: safety.outputs.refusal_rate, card: card.outputs.card };
  },
);

export default pipeline(
  "support_assistant_sft",
  {
    description: "Fine-tune the support assistant on last month's resolved conversations",
    artifactRoot: "s3://acme-ml/pipelines",
    params: {
      conversations_month: Str.default("2026-10"),
      learning_rate: Float.default(2e-4),
      min_score: Float.default(0.62),
      max_refusal_rate: Float.default(0.05),
    },
  },
  (p) => {
    // Base weights: the team's mirror of the Hugging Face repository at a pinned revision (Argo
    // downloads artifacts from object stores, not from the Hub). `reimport` checks the mirror again on
    // every run; the metadata records where the weights came from.
    const base = importer(Model, "s3://acme-ml/models/hf/meta-llama/Llama-3.1-8B-Instruct/0e9e39f249a16976918f6564b8830bc894c89659", {
      name: "base",
      reimport: true,
      metadata: { revision: "0e9e39f249a16976918f6564b8830bc894c89659", license: "llama3.1" },
    });
    const conversations = importer(Dataset, `s3://acme-ml/support/conversations/${p.params.conversations_month}/`, { name: "conversations" });

    const data = buildSftDataset({ conversations: conversations.outputs.artifact, tokenizer: base.outputs.artifact }, { name: "data" });
    // mlpc-disable-next-line mlpc/unused-output -- the TensorBoard logs are for people in the KFP UI, not for a later step
    const sft = finetuneLora(
      { base_model: base.outputs.artifact, train: data.outputs.train, learning_rate: p.params.learning_rate, epochs: 3 },
      { name: "sft", displayName: "LoRA fine-tuning (2×8 A100)" },
    );
    const merged = mergeAdapter({ base_model: base.outputs.artifact, adapter: sft.outputs.adapter }, { name: "merged" });

    // A pipeline called like a component: its outputs are read like step outputs.
    const evaluation = llmEval({ candidate: merged.outputs.merged, holdout: data.outputs.holdout }, { name: "evaluation" });

    p.if(and(evaluation.outputs.score.ge(p.params.min_score), evaluation.outputs.refusal_rate.le(p.params.max_refusal_rate)), () => {
      registerModel({ model: merged.outputs.merged, name: "support-assistant", stage: "Staging" });
    }).else(() => {
      notifySlack({
        message: `support_assistant_sft: score ${evaluation.outputs.score}, refusal rate ${evaluation.outputs.refusal_rate}; not registered`,
        channel: "#llm-training",
      });
    });

    return { adapter: sft.outputs.adapter, card: evaluation.outputs.card };
  },
);
