# The BI feeds of the bi-exporter (BI_S3_BUCKET = the export bucket, BI_PREFIX = "bi") in Glue and
# Athena, so Power BI (Athena ODBC), Athena SQL or any Parquet reader finds them.
module "bi_catalog" {
  source      = "../../modules/bi_catalog"
  name        = local.name
  bucket      = module.export_bucket.bucket
  bucket_arn  = module.export_bucket.arn
  prefix      = "bi"
  kms_key_arn = module.kms.key_arn
  tags        = local.tags
}
