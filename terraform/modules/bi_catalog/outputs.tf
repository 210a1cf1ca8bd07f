output "database_name" {
  description = "Glue database of the BI feeds (Athena: SELECT ... FROM <database>.messages_v2)."
  value       = aws_glue_catalog_database.this.name
}

output "table_names" {
  description = "One Glue table per feed schema version and per daily aggregate."
  value       = sort(keys(aws_glue_catalog_table.feed))
}

output "athena_workgroup" {
  description = "Athena workgroup for BI queries (set it in the ODBC/JDBC connection)."
  value       = aws_athena_workgroup.bi.name
}

output "reader_policy_arn" {
  description = "IAM policy to attach to BI users or roles."
  value       = aws_iam_policy.reader.arn
}

output "feeds_location" {
  description = "Where the feeds are, for Parquet readers (DuckDB, Power BI's Parquet connector)."
  value       = "${local.root}/"
}
