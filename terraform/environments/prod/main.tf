# CoLink prod: network, EKS, the managed data stores, buckets and per-service IAM roles. The
# outputs are what the Helm chart's values need (helm/colink/values.yaml, section managed).
locals {
  env  = "prod"
  name = "colink-prod"
  tags = {
    project     = "colink"
    environment = local.env
    managed-by  = "terraform"
  }
}

module "kms" {
  source = "../../modules/kms"
  name   = local.name
  tags   = local.tags
}

module "vpc" {
  source             = "../../modules/vpc"
  name               = local.name
  cidr               = var.vpc_cidr
  azs                = var.azs
  single_nat_gateway = false
  kms_key_arn        = module.kms.key_arn
  tags               = local.tags
}

module "eks" {
  source              = "../../modules/eks"
  name                = local.name
  vpc_id              = module.vpc.vpc_id
  subnet_ids          = module.vpc.private_subnet_ids
  public_access_cidrs = var.eks_public_access_cidrs
  kms_key_arn         = module.kms.key_arn
  node_groups = {
    general = {
      instance_types = ["m7i.xlarge"]
      min_size       = 3
      max_size       = 12
      desired_size   = 3
    }
  }
  tags = local.tags
}

module "postgres" {
  source                    = "../../modules/rds"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  instance_class            = "db.r7g.large"
  deletion_protection       = true
  tags                      = local.tags
}

module "kafka" {
  source                    = "../../modules/msk"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  broker_instance_type      = "kafka.m7g.large"
  tags                      = local.tags
}

module "redis" {
  source                    = "../../modules/elasticache"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  node_type                 = "cache.r7g.large"
  tags                      = local.tags
}

module "documentdb" {
  source                    = "../../modules/documentdb"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  instance_class            = "db.r6g.large"
  instance_count            = 3
  deletion_protection       = true
  tags                      = local.tags
}

module "opensearch" {
  source                    = "../../modules/opensearch"
  name                      = local.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.data_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.kms.key_arn
  instance_type             = "r7g.large.search"
  instance_count            = 3
  dedicated_master          = true
  tags                      = local.tags
}

module "access_logs" {
  source      = "../../modules/s3"
  bucket      = "${local.name}-access-logs"
  kms_key_arn = module.kms.key_arn
  tags        = local.tags
}

module "files_bucket" {
  source            = "../../modules/s3"
  bucket            = "${local.name}-files"
  kms_key_arn       = module.kms.key_arn
  access_log_bucket = module.access_logs.bucket
  tags              = local.tags
}

module "export_bucket" {
  source            = "../../modules/s3"
  bucket            = "${local.name}-bi-exports"
  kms_key_arn       = module.kms.key_arn
  access_log_bucket = module.access_logs.bucket
  tags              = local.tags
}

module "service_roles" {
  source                = "../../modules/iam_services"
  name                  = local.name
  oidc_provider_arn     = module.eks.oidc_provider_arn
  oidc_issuer           = module.eks.oidc_issuer
  files_bucket_arn      = module.files_bucket.arn
  export_bucket_arn     = module.export_bucket.arn
  opensearch_domain_arn = module.opensearch.domain_arn
  kms_key_arn           = module.kms.key_arn
  tags                  = local.tags
}
