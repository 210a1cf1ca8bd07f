output "helm_managed_values" {
  description = "The Helm chart's `managed` section for this environment (addresses only, no secret)."
  value = {
    postgres   = { host = module.postgres.address, port = module.postgres.port, cidrs = module.vpc.data_subnet_cidrs }
    kafka      = { brokers = module.kafka.bootstrap_brokers, cidrs = module.vpc.data_subnet_cidrs }
    redis      = { host = module.redis.primary_endpoint, cidrs = module.vpc.data_subnet_cidrs }
    documentdb = { host = module.documentdb.endpoint, cidrs = module.vpc.data_subnet_cidrs }
    opensearch = { url = module.opensearch.endpoint, cidrs = module.vpc.data_subnet_cidrs }
    s3         = { bucket = module.buckets["files"].bucket, region = var.region }
  }
}

output "secret_arns" {
  description = "Secrets Manager entries the chart's ExternalSecrets read."
  value = {
    postgres   = module.postgres.master_user_secret_arn
    redis      = module.redis.auth_secret_arn
    documentdb = module.documentdb.secret_arn
    opensearch = module.opensearch.secret_arn
  }
}

output "service_role_arns" {
  description = "IRSA role per service."
  value       = module.service_roles.role_arns
}

output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name ...)."
  value       = module.eks.cluster_name
}

output "bi_catalog" {
  description = "Glue database, tables, Athena workgroup, reader policy and feeds location of the BI feeds."
  value = {
    database          = module.bi_catalog.database_name
    tables            = module.bi_catalog.table_names
    athena_workgroup  = module.bi_catalog.athena_workgroup
    reader_policy_arn = module.bi_catalog.reader_policy_arn
    feeds_location    = module.bi_catalog.feeds_location
  }
}
