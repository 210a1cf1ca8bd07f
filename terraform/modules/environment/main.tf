# One CoLink environment: network, EKS, the managed data stores, buckets, per-service IAM roles and
# the BI catalog. environments/<env> call it with that environment's sizes; the outputs are what the
# Helm chart's values need (helm/colink/values.yaml, section managed).
locals {
  name = "colink-${var.env}"
  azs  = [for zone in ["a", "b", "c"] : "${var.region}${zone}"]
}

module "kms" {
  source = "../kms"
  name   = local.name
  tags   = var.tags
}

module "vpc" {
  source             = "../vpc"
  name               = local.name
  cidr               = var.vpc_cidr
  azs                = local.azs
  single_nat_gateway = var.single_nat_gateway
  kms_key_arn        = module.kms.key_arn
  tags               = var.tags
}

module "eks" {
  source              = "../eks"
  name                = local.name
  vpc_id              = module.vpc.vpc_id
  subnet_ids          = module.vpc.private_subnet_ids
  public_access_cidrs = var.eks_public_access_cidrs
  kms_key_arn         = module.kms.key_arn
  node_groups         = { general = var.nodes }
  tags                = var.tags
}

module "postgres" {
  source                    = "../rds"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  instance_class            = var.sizes.postgres_instance_class
  deletion_protection       = var.deletion_protection
  tags                      = var.tags
}

module "kafka" {
  source                    = "../msk"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  broker_instance_type      = var.sizes.kafka_broker_instance
  tags                      = var.tags
}

module "redis" {
  source                    = "../elasticache"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  node_type                 = var.sizes.redis_node_type
  tags                      = var.tags
}

module "documentdb" {
  source                    = "../documentdb"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  instance_class            = var.sizes.documentdb_instance_class
  instance_count            = var.sizes.documentdb_instance_count
  deletion_protection       = var.deletion_protection
  tags                      = var.tags
}

module "opensearch" {
  source                    = "../opensearch"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  instance_type             = var.sizes.opensearch_instance_type
  instance_count            = var.sizes.opensearch_instance_count
  dedicated_master          = var.sizes.opensearch_dedicated_master
  tags                      = var.tags
}

module "access_logs" {
  source      = "../s3"
  bucket      = "${local.name}-access-logs"
  kms_key_arn = module.kms.key_arn
  tags        = var.tags
}

# Private buckets for the files and the BI exports, logging to the access-log bucket.
module "buckets" {
  source   = "../s3"
  for_each = { files = "files", exports = "bi-exports" }

  bucket            = "${local.name}-${each.value}"
  kms_key_arn       = module.kms.key_arn
  access_log_bucket = module.access_logs.bucket
  tags              = var.tags
}

module "service_roles" {
  source                = "../iam_services"
  name                  = local.name
  oidc_provider_arn     = module.eks.oidc_provider_arn
  oidc_issuer           = module.eks.oidc_issuer
  files_bucket_arn      = module.buckets["files"].arn
  export_bucket_arn     = module.buckets["exports"].arn
  opensearch_domain_arn = module.opensearch.domain_arn
  kms_key_arn           = module.kms.key_arn
  tags                  = var.tags
}

# The BI feeds of the bi-exporter (BI_S3_BUCKET = the export bucket, BI_PREFIX = "bi") in Glue and
# Athena, so Power BI (Athena ODBC), Athena SQL or any Parquet reader finds them.
module "bi_catalog" {
  source      = "../bi_catalog"
  name        = local.name
  bucket      = module.buckets["exports"].bucket
  bucket_arn  = module.buckets["exports"].arn
  prefix      = "bi"
  kms_key_arn = module.kms.key_arn
  tags        = var.tags
}
