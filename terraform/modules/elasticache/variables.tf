variable "name" {
  description = "Name prefix, e.g. colink-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC the store runs in."
  type        = string
}

variable "subnet_ids" {
  description = "Data subnets, one per zone."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect (the EKS cluster security group)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest and for the log groups."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep the store's logs in CloudWatch."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "node_type" {
  description = "Cache node type."
  type        = string
}

variable "replicas_per_shard" {
  description = "Replicas beside the primary (at least 1 for automatic failover)."
  type        = number
  default     = 1
}

variable "engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
}
