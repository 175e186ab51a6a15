// Nightly embeddings of the support knowledge base, for the assistant's retrieval: the TypeScript twin
// of kb_embeddings.mlpipe. Embedding and scoring need a fraction of an A100 each, so the steps ask for
// MIG slices (`mig: "1g.10gb"`): compiled with --cluster examples/clusters/onprem-mig.yaml they go to
// the pool whose A100s are partitioned into slices, and leave the whole A100s to training. Embeddings
// are reused for a day when nothing changed.

import { component, Dataset, emptyDir, Float, Metrics, pipeline, Str } from "mlpc";
import { loadTable } from "./components/common.js";

const EMBEDDER = "ghcr.io/acme-ml/embedder@sha256:0c5f3e1b7d9a2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e";

export const embedArticles = component("embed_articles", {
  description: "Embeds every article with the sentence-transformer model given",
  image: EMBEDDER,
  inputs: { articles: Dataset, model_name: Str.default("intfloat/e5-base-v2") },
  outputs: { embeddings: Dataset },
  run: ({ articles, model_name, embeddings }) => ["python", "-m", "embedder.embed", "--articles", articles.path, "--model", model_name, "--out", embeddings.path],
  env: { HF_HOME: "/cache/hf" },
  // mlpc-disable-next-line MLP2080 -- compiled with --cluster (examples/clusters/onprem-mig.yaml), mlpc places this on the MIG pool; without a profile the slice resource alone picks the nodes
  resources: { cpu: 4, memory: "16Gi", gpu: { count: 1, type: "nvidia-a100-80gb", mig: "1g.10gb" } },
  volumes: { "/cache": emptyDir({ size: "20Gi" }) },
  timeout: "2h",
  cache: { enabled: true, maxAge: "24h" },
});

export const scoreRetrieval = component("score_retrieval", {
  description: "Scores retrieval on the labelled support questions: recall of the right article in the top 10",
  image: EMBEDDER,
  inputs: { embeddings: Dataset, questions: Dataset },
  outputs: { recall_at_10: Float, report: Metrics },
  run: ({ embeddings, questions, recall_at_10, report }) => [
    "python", "-m", "embedder.score",
    "--embeddings", embeddings.path,
    "--questions", questions.path,
    "--recall-file", recall_at_10.path,
    "--metrics", report.path,
  ],
  // mlpc-disable-next-line MLP2080 -- compiled with --cluster (examples/clusters/onprem-mig.yaml), mlpc places this on the MIG pool; without a profile the slice resource alone picks the nodes
  resources: { cpu: 8, memory: "32Gi", gpu: { count: 1, type: "nvidia-a100-80gb", mig: "3g.40gb" } },
  timeout: "1h",
});

export default pipeline(
  "kb_embeddings",
  {
    description: "Embeds the support knowledge base and scores retrieval on the labelled questions",
    artifactRoot: "s3://acme-ml/pipelines",
    params: {
      articles_table: Str.default("bq://acme-support.kb.articles"),
      questions_table: Str.default("bq://acme-support.kb.labelled_questions"),
    },
    // Results older than three days are recomputed even when nothing changed (the embedder's own
    // setting keeps its results for a day).
    cache: { maxAge: "3d" },
  },
  (p) => {
    const articles = loadTable({ source: p.params.articles_table }, { name: "articles" });
    const questions = loadTable({ source: p.params.questions_table }, { name: "questions" });
    const embedded = embedArticles({ articles: articles.outputs.data }, { name: "embedded" });
    scoreRetrieval({ embeddings: embedded.outputs.embeddings, questions: questions.outputs.data }, { name: "scored" });
  },
);
