# CoLink prod: the shared environment module (../../modules/environment) with prod's sizes.
locals {
  region = "eu-west-1"
  tags = {
    project     = "colink"
    environment = "prod"
    managed-by  = "terraform"
  }
}

module "environment" {
  source = "../../modules/environment"

  env                     = "prod"
  region                  = local.region
  vpc_cidr                = "10.40.0.0/16"
  eks_public_access_cidrs = var.eks_public_access_cidrs
  tags                    = local.tags
  single_nat_gateway      = false
  deletion_protection     = true
  nodes                   = { instance_types = ["m7i.xlarge"], min_size = 3, max_size = 12, desired_size = 3 }
  sizes = {
    postgres_instance_class     = "db.r7g.large"
    kafka_broker_instance       = "kafka.m7g.large"
    redis_node_type             = "cache.r7g.large"
    documentdb_instance_class   = "db.r6g.large"
    documentdb_instance_count   = 3
    opensearch_instance_type    = "r7g.large.search"
    opensearch_instance_count   = 3
    opensearch_dedicated_master = true
  }
}
