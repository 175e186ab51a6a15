// Visual defect detection for the assembly lines: the TypeScript twin of vision_gpu.mlpipe. New camera
// batches are preprocessed in parallel, near-duplicate frames are removed with GPU embeddings, a
// backbone is pretrained on two nodes (a PyTorchJob), two detector variants are trained side by side on
// it, and the best one is evaluated per camera line before it is registered.

import {
  ClassificationMetrics,
  collect,
  component,
  Dataset,
  emptyDir,
  Float,
  HTML,
  Int,
  List,
  Markdown,
  Model,
  pipeline,
  Str,
} from "mlpc";
import { notifySlack, registerModel, splitDataset } from "./components/common.js";

export const listNewBatches = component("list_new_batches", {
  description: "Lists the image batches uploaded since the last successful run",
  image: "ghcr.io/acme-ml/vision-tools:5.2.0",
  inputs: { bucket: Str, since_days: Int.default(7) },
  outputs: { batches: List(Str) }, // one gs:// prefix per batch, written as a JSON list
  run: ({ bucket, since_days, batches }) => [
    "python", "-m", "vision.list_batches",
    "--bucket", bucket,
    "--since-days", since_days,
    "--out", batches.path,
  ],
  resources: { cpu: "500m", memory: "512Mi" },
});

// Loop results are fanned in as lists of parameters, so per-batch steps report where their shards are
// (the artifact's URI) next to the artifact itself.
export const preprocessBatch = component("preprocess_batch", {
  description: "Decodes, resizes and labels one batch of camera frames into WebDataset shards",
  image: "ghcr.io/acme-ml/vision-tools:5.2.0",
  inputs: { batch_uri: Str, image_size: Int.default(640) },
  outputs: { images: Dataset, images_uri: Str },
  run: ({ batch_uri, image_size, images, images_uri }) => [
    "python", "-m", "vision.preprocess",
    "--batch", batch_uri,
    "--size", image_size,
    "--out", images.path,
    "--out-uri", images.uri,
    "--uri-file", images_uri.path,
  ],
  // mlpc-disable-next-line MLP4021 -- KFP runs the step on the node's disk; Argo gets the request
  resources: { cpu: 4, memory: "8Gi", ephemeralStorage: "50Gi" },
  retry: { limit: 2, backoff: "1m" },
});

export const mergeDatasets = component("merge_datasets", {
  description: "Concatenates preprocessed batches into one WebDataset",
  image: "ghcr.io/acme-ml/vision-tools:5.2.0",
  inputs: { part_uris: List(Str) },
  outputs: { merged: Dataset, frames: Int },
  run: ({ part_uris, merged, frames }) => ["python", "-m", "vision.merge", "--parts", part_uris, "--out", merged.path, "--count-file", frames.path],
  // mlpc-disable-next-line MLP4021 -- KFP runs the step on the node's disk; Argo gets the request
  resources: { cpu: 2, memory: "8Gi", ephemeralStorage: "100Gi" },
});

// Embeddings for deduplication run on the small T4 pool: it is cheap and the model fits in 16 GB.
export const embedShard = component("embed_shard", {
  description: "Computes CLIP embeddings for one shard of the frames",
  image: "ghcr.io/acme-ml/vision-gpu@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95",
  inputs: { frames: Dataset, shard: Int, num_shards: Int.default(4) },
  outputs: { embeddings: Dataset, embeddings_uri: Str },
  run: ({ frames, shard, num_shards, embeddings, embeddings_uri }) => [
    "python", "-m", "vision.embed",
    "--frames", frames.path,
    `--shard=${shard}/${num_shards}`,
    "--out", embeddings.path,
    "--out-uri", embeddings.uri,
    "--uri-file", embeddings_uri.path,
  ],
  resources: { cpu: 4, memory: "16Gi", gpu: { count: 1, type: "nvidia-tesla-t4" } },
  timeout: "2h", // a hung shard would hold its T4 node
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-t4" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
});

export const deduplicate = component("deduplicate", {
  description: "Drops near-duplicate frames (cosine similarity above the threshold)",
  image: "ghcr.io/acme-ml/vision-tools:5.2.0",
  inputs: { frames: Dataset, embedding_uris: List(Str), threshold: Float.default(0.97) },
  outputs: { unique: Dataset, dropped: Int },
  run: ({ frames, embedding_uris, threshold, unique, dropped }) => [
    "python", "-m", "vision.dedup",
    "--frames", frames.path,
    "--embeddings", embedding_uris,
    "--threshold", threshold,
    "--out", unique.path,
    "--dropped-file", dropped.path,
  ],
  resources: { cpu: 8, memory: "32Gi" },
});

// Self-supervised pretraining of the detector backbone on two L4 nodes: a Training Operator v1
// PyTorchJob (one Master, one Worker), for the clusters still on Training Operator 1.9.
export const pretrainBackbone = component("pretrain_backbone", {
  description: "Self-supervised pretraining of the detector backbone across nodes",
  image: "ghcr.io/acme-ml/vision-train@sha256:6771919f828cc479acee1f140519fecb7e6a74b3fdbf2c0657f4fddfa8911f62",
  inputs: { data: Dataset, epochs: Int.default(30) },
  outputs: { backbone: Model },
  run: ({ data, epochs, backbone }) => ["torchrun", "-m", "vision.pretrain", "--data", data.uri, "--epochs", epochs, "--out", backbone.uri],
  env: { NCCL_DEBUG: "WARN" },
  resources: { cpu: 16, memory: "64Gi", gpu: { count: 2, type: "nvidia-l4" } },
  volumes: { "/dev/shm": emptyDir({ medium: "Memory", size: "16Gi" }) },
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
  distributed: { job: "pytorchjob", nodes: 2, procsPerNode: 2, restart: "onFailure", backoffLimit: 3 },
  timeout: "6h",
});

export const trainDetector = component("train_detector", {
  description: "Trains a YOLO-style detector with PyTorch DDP on the node's GPUs",
  image: "ghcr.io/acme-ml/vision-train@sha256:6771919f828cc479acee1f140519fecb7e6a74b3fdbf2c0657f4fddfa8911f62",
  inputs: { data: Dataset, backbone: Model, arch: Str, image_size: Int, epochs: Int.default(50), batch_size: Int.default(32) },
  outputs: { model: Model, model_uri: Str, map50: Float, curves: HTML },
  run: ({ data, backbone, arch, image_size, epochs, batch_size, model, model_uri, map50, curves }) => [
    "torchrun", "--nproc_per_node=2", "-m", "vision.train",
    "--data", data.path,
    "--backbone", backbone.path,
    "--arch", arch,
    "--imgsz", image_size,
    "--epochs", epochs,
    "--batch", batch_size,
    "--out", model.path,
    "--out-uri", model.uri,
    "--uri-file", model_uri.path,
    "--map50-file", map50.path,
    "--curves", curves.path,
  ],
  env: { NCCL_DEBUG: "WARN", WANDB_MODE: "offline" },
  resources: { cpu: 16, memory: "64Gi", gpu: { count: 2, type: "nvidia-l4" } },
  volumes: { "/dev/shm": emptyDir({ medium: "Memory", size: "16Gi" }) }, // DataLoader workers share batches here
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
  tolerations: [
    { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    { key: "cloud.google.com/gke-spot", operator: "Equal", value: "true", effect: "NoSchedule" },
  ],
  // Spot L4 nodes are preferred; on-demand ones are fine when none is free.
  affinity: [
    { key: "cloud.google.com/gke-accelerator", operator: "In", values: ["nvidia-l4"] },
    { key: "cloud.google.com/gke-spot", operator: "In", values: ["true"], weight: 80 },
  ],
  retry: { limit: 2, backoff: "2m", factor: 2, max: "10m" }, // spot preemptions
  timeout: "8h",
});

export const selectBest = component("select_best", {
  description: "Copies the model with the highest mAP@0.5 among the trained variants",
  image: "ghcr.io/acme-ml/vision-tools:5.2.0",
  inputs: { model_uris: List(Str), scores: List(Float) },
  outputs: { best: Model, best_map50: Float },
  run: ({ model_uris, scores, best, best_map50 }) => [
    "python", "-m", "vision.select_best",
    "--models", model_uris,
    "--scores", scores,
    "--out", best.path,
    "--score-file", best_map50.path,
  ],
  resources: { cpu: 1, memory: "2Gi" },
});

export const evaluateLine = component("evaluate_line", {
  description: "Measures recall on the held-out frames of one camera line",
  image: "ghcr.io/acme-ml/vision-gpu@sha256:52bd27a4e938ce1d4bdebd9ba5b9c77ed9d83cee81b863d6496cbf7e12033e95",
  inputs: { model: Model, frames: Dataset, camera_line: Str },
  outputs: { recall: Float, confusion: ClassificationMetrics },
  run: ({ model, frames, camera_line, recall, confusion }) => [
    "python", "-m", "vision.evaluate",
    "--model", model.path,
    "--frames", frames.path,
    "--line", camera_line,
    "--recall-file", recall.path,
    "--confusion", confusion.path,
  ],
  resources: { cpu: 4, memory: "16Gi", gpu: { count: 1, type: "nvidia-tesla-t4" } },
  timeout: "30m",
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-t4" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
});

export const summarizeLines = component("summarize_lines", {
  description: "Writes the per-line recall table and the worst line's recall",
  image: "ghcr.io/acme-ml/vision-tools:5.2.0",
  inputs: { lines: List(Str), recalls: List(Float) },
  outputs: { table: Markdown, worst_recall: Float },
  run: ({ lines, recalls, table, worst_recall }) => [
    "python", "-m", "vision.summarize",
    "--lines", lines,
    "--recalls", recalls,
    "--out", table.path,
    "--worst-file", worst_recall.path,
  ],
  resources: { cpu: "500m", memory: "512Mi" },
});

export default pipeline(
  "defect_detection",
  {
    description: "Preprocess new camera batches, deduplicate, train two detectors, evaluate per camera line, register",
    artifactRoot: "s3://acme-ml/pipelines",
    params: {
      bucket: Str.default("gs://acme-vision-raw/inspection"),
      camera_lines: List(Str).default(["line-a", "line-b", "line-c", "line-d"]),
      min_recall: Float.default(0.9),
      epochs: Int.default(50),
    },
  },
  (p) => {
    const newBatches = listNewBatches({ bucket: p.params.bucket, since_days: 7 }, { name: "new_batches" });

    // One preprocessing step per new batch; at most 8 run at the same time.
    const prep = p.for("batch", newBatches.outputs.batches, (batch) =>
      preprocessBatch({ batch_uri: batch, image_size: 1280 }, { name: "prep" }), // the largest size any variant uses
    { parallel: 8 });
    const merged = mergeDatasets({ part_uris: collect(prep.outputs.images_uri) }, { name: "merged" });

    // The embedding job is sharded by hand so that four T4 nodes share it.
    const emb = p.for("shard", [0, 1, 2, 3], (shard) =>
      embedShard({ frames: merged.outputs.merged, shard, num_shards: 4 }, { name: "emb" }),
    { parallel: 4 });
    const dedup = deduplicate(
      { frames: merged.outputs.merged, embedding_uris: collect(emb.outputs.embeddings_uri), threshold: 0.97 },
      { name: "dedup" },
    );
    // Hold out frames of every camera line, after deduplication so no near-copy leaks into the test set.
    const split = splitDataset({ data: dedup.outputs.unique, test_fraction: 0.15, seed: 7, stratify_by: "camera_line" }, { name: "split" });

    const backbone = pretrainBackbone({ data: split.outputs.train }, { name: "backbone" });

    // Two detector variants, trained side by side; fields of the loop item are read with `field(…)`.
    const fit = p.for("variant", [{ arch: "yolov8s", image_size: 640 }, { arch: "yolov8m", image_size: 960 }], (variant) =>
      trainDetector(
        { data: split.outputs.train, backbone: backbone.outputs.backbone, arch: variant.field("arch"), image_size: variant.field("image_size"), epochs: p.params.epochs },
        { name: "fit", displayName: "Train detector" },
      ),
    { parallel: 2 });
    const best = selectBest({ model_uris: collect(fit.outputs.model_uri), scores: collect(fit.outputs.map50) }, { name: "best" });

    // Recall per camera line, four lines at a time: the lines come from a List parameter.
    const lineEval = p.for("line", p.params.camera_lines, (line) =>
      evaluateLine({ model: best.outputs.best, frames: split.outputs.test, camera_line: line }, { name: "line_eval" }),
    { parallel: 4 });
    const summary = summarizeLines({ lines: p.params.camera_lines, recalls: collect(lineEval.outputs.recall) }, { name: "summary" });

    p.if(summary.outputs.worst_recall.ge(p.params.min_recall), () => {
      registerModel({ model: best.outputs.best, name: "defect-detector", stage: "Staging" });
    }).else(() => {
      notifySlack({ message: `defect_detection: worst line recall ${summary.outputs.worst_recall} < ${p.params.min_recall}`, channel: "#vision-ml" });
    });

    return { model: best.outputs.best };
  },
);
