# The BI feeds made queryable by SQL: a Glue database with one table per feed schema version and per
# daily aggregate (tables.json, generated from the exporter's feed registry), each partitioned by
# `dt` through partition projection (no crawler, no MSCK REPAIR), an Athena workgroup with encrypted
# results, and a read-only policy for BI users (Power BI through the Athena ODBC driver, say).
#
# Layout written by apps/bi-exporter: s3://<bucket>/<prefix>/<feed>/v<version>/dt=YYYY-MM-DD/part-*.parquet
# with a _manifest.json per day, which Athena ignores (names starting with _ are hidden).
locals {
  tables   = { for table in jsondecode(file("${path.module}/tables.json")) : table.table => table }
  database = replace("${var.name}_bi", "-", "_")
  root     = "s3://${var.bucket}/${var.prefix}"
  results  = "athena-results/${var.prefix}/"
}

resource "aws_glue_catalog_database" "this" {
  name        = local.database
  description = "CoLink analytics feeds (pseudonymised), written by bi-exporter under ${local.root}/"
  tags        = var.tags
}

resource "aws_glue_catalog_table" "feed" {
  for_each      = local.tables
  database_name = aws_glue_catalog_database.this.name
  name          = each.key
  description   = each.value.description
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "EXTERNAL"                    = "TRUE"
    "classification"              = "parquet"
    "parquet.compression"         = "ZSTD"
    "projection.enabled"          = "true"
    "projection.dt.type"          = "date"
    "projection.dt.format"        = "yyyy-MM-dd"
    "projection.dt.range"         = "${var.projection_start},NOW"
    "projection.dt.interval"      = "1"
    "projection.dt.interval.unit" = "DAYS"
    "storage.location.template"   = "${local.root}/${each.value.path}/dt=$${dt}/"
  }

  partition_keys {
    name    = "dt"
    type    = "string"
    comment = "Day of the event time (UTC), yyyy-MM-dd"
  }

  storage_descriptor {
    location      = "${local.root}/${each.value.path}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
      parameters = {
        "serialization.format" = "1"
      }
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }
}

resource "aws_athena_workgroup" "bi" {
  name        = "${var.name}-bi"
  description = "Queries of the CoLink BI feeds"
  tags        = var.tags

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = "s3://${var.bucket}/${local.results}"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }
}

# What a BI user or tool needs to query the feeds through the workgroup, and nothing else: read the
# catalog and the feed prefix, run queries in the workgroup, write and read its own results.
data "aws_iam_policy_document" "reader" {
  statement {
    sid = "AthenaWorkgroup"
    actions = [
      "athena:BatchGetQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:GetQueryResultsStream",
      "athena:GetWorkGroup",
      "athena:ListQueryExecutions",
      "athena:StartQueryExecution",
      "athena:StopQueryExecution",
    ]
    resources = [aws_athena_workgroup.bi.arn]
  }

  statement {
    sid = "AthenaCatalog"
    actions = [
      "athena:GetDataCatalog",
      "athena:ListDatabases",
      "athena:ListTableMetadata",
      "athena:GetTableMetadata",
    ]
    resources = ["arn:aws:athena:*:*:datacatalog/AwsDataCatalog"]
  }

  # Listing actions that take no resource (drivers call them when connecting).
  statement {
    sid       = "AthenaListings"
    actions   = ["athena:ListDataCatalogs", "athena:ListWorkGroups"]
    resources = ["*"]
  }

  statement {
    sid = "GlueCatalog"
    actions = [
      "glue:GetDatabase",
      "glue:GetDatabases",
      "glue:GetTable",
      "glue:GetTables",
      "glue:GetPartition",
      "glue:GetPartitions",
    ]
    resources = [
      "arn:aws:glue:*:*:catalog",
      "arn:aws:glue:*:*:database/${local.database}",
      "arn:aws:glue:*:*:table/${local.database}/*",
    ]
  }

  statement {
    sid       = "ListFeeds"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.prefix}/*", local.results, "${local.results}*"]
    }
  }

  statement {
    sid       = "ReadFeeds"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/${var.prefix}/*"]
  }

  statement {
    sid       = "QueryResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${var.bucket_arn}/${local.results}*"]
  }

  statement {
    sid       = "DataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_policy" "reader" {
  name        = "${var.name}-bi-reader"
  description = "Query the CoLink BI feeds through Athena (attach to BI users, groups or roles)"
  policy      = data.aws_iam_policy_document.reader.json
  tags        = var.tags
}
