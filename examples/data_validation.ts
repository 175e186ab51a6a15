// Data-quality gate for the payments lake: the TypeScript twin of data_validation.mlpipe. Runs before
// any training or scoring pipeline reads a new partition: checks freshness, schema and distributions,
// and either publishes a quality report, warns, or quarantines the partition. Whatever happens, the
// run's final status goes to Slack.

import { and, Bool, component, Dataset, Float, HTML, ifPresent, Int, List, Metrics, not, or, pipeline, secret, Str, Struct } from "mlpc";
import { loadTable, notifyRunStatus, notifySlack, validateSchema } from "./components/common.js";

// A small inline script is easier to review next to the pipeline than in its own image; the image
// only provides Python and boto3.
export const checkFreshness = component("check_freshness", {
  description: "Measures how many hours ago the newest object under a prefix was written",
  image: "ghcr.io/acme-ml/py-data:3.12-2026.10",
  inputs: { source: Str, max_lag_hours: Int },
  outputs: { lag_hours: Float, fresh: Bool },
  run: ({ source, max_lag_hours, lag_hours, fresh }) => [
    "python3", "-c", `import datetime, pathlib
import boto3

bucket, _, prefix = "${source}".removeprefix("s3://").partition("/")
pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
newest = max((o["LastModified"] for p in pages for o in p.get("Contents", [])), default=None)
now = datetime.datetime.now(datetime.timezone.utc)
lag = (now - newest).total_seconds() / 3600 if newest else float("inf")

for path, value in (("${lag_hours.path}", f"{min(lag, 1e6):.2f}"),
                    ("${fresh.path}", "true" if lag <= ${max_lag_hours} else "false")):
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(path).write_text(value)`,
  ],
  env: {
    AWS_ACCESS_KEY_ID: secret("s3-credentials", "access_key_id"),
    AWS_SECRET_ACCESS_KEY: secret("s3-credentials", "secret_access_key"),
  },
  resources: { cpu: "250m", memory: "256Mi" },
  timeout: "10m",
});

export const profileTable = component("profile_table", {
  description: "Profiles columns: null ratios, histograms over fixed buckets, mean shift and PSI against last week",
  image: "ghcr.io/acme-ml/data-quality:1.8.2",
  inputs: {
    data: Dataset,
    columns: List(Str),
    bucket_edges: List(Int),
    thresholds: Struct,
    sample_rows: Int.optional(), // profile a sample instead of a full scan
  },
  outputs: { profile: HTML, stats: Metrics, psi: Float, mean_shift: Float },
  args: ({ data, columns, bucket_edges, thresholds, sample_rows, profile, stats, psi, mean_shift }) => [
    "profile",
    "--data", data.path,
    "--columns", columns,
    "--bucket-edges", bucket_edges,
    "--thresholds", thresholds,
    ifPresent(sample_rows, ["--sample-rows", sample_rows], ["--full-scan"]),
    "--html", profile.path,
    "--stats", stats.path,
    "--psi-file", psi.path,
    "--mean-shift-file", mean_shift.path,
  ],
  run: () => ["python", "-m", "acme_dq.cli"],
  resources: { cpu: 4, memory: "16Gi" },
});

export const publishQualityReport = component("publish_quality_report", {
  description: "Publishes the profile to the data catalog and marks the partition as validated",
  image: "ghcr.io/acme-ml/data-catalog-client:0.7.0",
  inputs: {
    profile: HTML,
    source: Str,
    owner: Str.optional(), // defaults to the owner recorded in the catalog
  },
  outputs: { catalog_entry: Str },
  run: ({ profile, source, owner, catalog_entry }) => [
    "python", "-m", "catalog.publish",
    "--profile", profile.path,
    "--dataset", source,
    ifPresent(owner, ["--owner", owner]),
    "--tag", "quality=validated",
    "--entry-file", catalog_entry.path,
  ],
  sideEffects: true,
  env: { CATALOG_TOKEN: secret("data-catalog", "token") },
  resources: { cpu: "250m", memory: "512Mi" },
});

export const quarantinePartition = component("quarantine_partition", {
  description: "Moves a bad partition to the quarantine prefix so that no pipeline reads it",
  image: "ghcr.io/acme-ml/data-tools@sha256:e3dfdfbc1aceab26d8b2a7b03b2451d8aa543469d5504753a9f92fd90f234f14",
  inputs: { source: Str, reason: Str },
  run: ({ source, reason }) => ["python", "-m", "acme_data.quarantine", "--source", source, "--reason", reason],
  sideEffects: true,
  env: {
    AWS_ACCESS_KEY_ID: secret("s3-credentials", "access_key_id"),
    AWS_SECRET_ACCESS_KEY: secret("s3-credentials", "secret_access_key"),
  },
  resources: { cpu: "250m", memory: "512Mi" },
});

export const dropScratchTables = component("drop_scratch_tables", {
  description: "Drops the temporary tables the profiler created in the scratch schema",
  image: "ghcr.io/acme-ml/warehouse-loader:4.0.2",
  inputs: { pattern: Str }, // a SQL LIKE pattern
  run: ({ pattern }) => ["warehouse-admin", "drop-tables", "--schema", "scratch", "--like", pattern],
  sideEffects: true,
  env: { WAREHOUSE_DSN: secret("warehouse", "dsn") },
  resources: { cpu: "100m", memory: "128Mi" },
});

export default pipeline(
  "data_quality_gate",
  {
    description: "Freshness, schema and distribution checks for one payments partition",
    artifactRoot: "s3://acme-ml/pipelines",
    params: {
      source: Str.default("s3://acme-lake/payments/transactions/dt=2026-11-25/"),
      suite: Str.default("transactions_v4"),
      environment: Str.default("prod"),
      columns: List(Str).default(["amount", "merchant_id", "country", "card_present", "mcc"]),
      bucket_edges: List(Int).default([0, 10, 50, 100, 500, 1000, 5000]),
      // Handed to the profiler as JSON; `alert_owner: null` means the owner recorded in the data catalog.
      thresholds: Struct.default({ max_null_ratio: 0.02, max_cardinality: 50000, reference_days: 7, alert_owner: null }),
      min_rows: Int.default(100000),
      max_lag_hours: Int.default(6),
      max_psi: Float.default(0.2),
      quarantine_psi: Float.default(0.5),
      strict: Bool.default(true),
    },
  },
  (p) => {
    const { source, suite, environment, columns, bucket_edges, thresholds, min_rows, max_lag_hours, max_psi, quarantine_psi, strict } = p.params;

    const freshness = checkFreshness({ source, max_lag_hours }, { name: "freshness", displayName: "Is the partition fresh?" });

    // In lenient mode a partition up to two days late is still checked.
    p.if(or(freshness.outputs.fresh, and(not(strict), freshness.outputs.lag_hours.lt(48.0))), () => {
      const data = loadTable({ source, row_filter: "amount IS NOT NULL AND currency = 'EUR'" }, { name: "data" });
      const schema = validateSchema({ data: data.outputs.data, suite, max_null_ratio: 0.02 }, { name: "schema" });
      const prof = profileTable(
        { data: data.outputs.data, columns, bucket_edges, thresholds }, // no sample_rows: full scan
        { name: "prof" },
      );

      // The profiler leaves scratch tables behind even when it fails; drop them whatever happened.
      // `_` is a wildcard in SQL LIKE; `\\_` in the string gives the `\_` that matches it literally.
      dropScratchTables({ pattern: `dq\\_${suite}\\_%` }, { after: [prof], always: true });

      p.if(
        and(
          schema.outputs.passed,
          schema.outputs.failed_checks.eq(0),
          data.outputs.rows.ge(min_rows),
          prof.outputs.psi.le(max_psi),
          prof.outputs.mean_shift.gt(-0.25),
          prof.outputs.mean_shift.lt(0.25),
        ),
        () => {
          publishQualityReport({ profile: prof.outputs.profile, source, owner: "payments-data@acme.io" });
        },
      )
        .elif(or(prof.outputs.psi.lt(quarantine_psi), environment.ne("prod")), () => {
          // Drifted or failing a few checks, but not badly enough to quarantine (and data outside prod
          // is never moved): tell the data owners.
          notifySlack({
            message: `\u{26A0} ${source}: suite "${suite}" failed ${schema.outputs.failed_checks} checks, PSI ${prof.outputs.psi}\n\tsee the validation report`,
            channel: "#data-quality",
          });
        })
        .else(() => {
          quarantinePartition({
            source,
            reason: `PSI ${prof.outputs.psi} above ${quarantine_psi}, ${schema.outputs.failed_checks} failed checks, ${data.outputs.rows} rows`,
          });
        });
    }).else(() => {
      notifySlack(
        { message: `${source} is ${freshness.outputs.lag_hours} h old (limit ${max_lag_hours} h); gate stopped`, channel: "#data-quality" },
        { name: "stale" },
      );
    });

    p.finally(() => {
      notifyRunStatus({ status: p.status, pipeline_name: "data_quality_gate", channel: "#data-quality" });
    });
  },
);
