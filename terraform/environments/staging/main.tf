# CoLink staging: the shared environment module (../../modules/environment) with staging's sizes.
locals {
  region = "eu-west-1"
  tags = {
    project     = "colink"
    environment = "staging"
    managed-by  = "terraform"
  }
}

module "environment" {
  source = "../../modules/environment"

  env                     = "staging"
  region                  = local.region
  vpc_cidr                = "10.50.0.0/16"
  eks_public_access_cidrs = var.eks_public_access_cidrs
  tags                    = local.tags
  single_nat_gateway      = true
  deletion_protection     = false
  nodes                   = { instance_types = ["t3.large"], min_size = 2, max_size = 4, desired_size = 2 }
  sizes = {
    postgres_instance_class     = "db.t4g.medium"
    kafka_broker_instance       = "kafka.t3.small"
    redis_node_type             = "cache.t4g.small"
    documentdb_instance_class   = "db.t4g.medium"
    documentdb_instance_count   = 1
    opensearch_instance_type    = "t3.medium.search"
    opensearch_instance_count   = 3
    opensearch_dedicated_master = false
  }
}
