variable "env" {
  description = "Environment name (staging, prod): names every resource colink-<env>."
  type        = string
}

variable "region" {
  description = "AWS region; the environment spans its zones a, b and c."
  type        = string
}

variable "vpc_cidr" {
  description = "The environment's VPC CIDR."
  type        = string
}

variable "eks_public_access_cidrs" {
  description = "Operator CIDRs allowed to the Kubernetes API's public endpoint (empty: private only)."
  type        = list(string)
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (zone-independent egress)."
  type        = bool
}

variable "deletion_protection" {
  description = "Protect the databases (RDS, DocumentDB) from deletion."
  type        = bool
}

variable "nodes" {
  description = "The EKS managed node group `general`: instance types and sizes."
  type = object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
  })
}

variable "sizes" {
  description = "Instance classes and counts of the managed data stores."
  type = object({
    postgres_instance_class     = string
    kafka_broker_instance       = string
    redis_node_type             = string
    documentdb_instance_class   = string
    documentdb_instance_count   = number
    opensearch_instance_type    = string
    opensearch_instance_count   = number
    opensearch_dedicated_master = bool
  })
}
