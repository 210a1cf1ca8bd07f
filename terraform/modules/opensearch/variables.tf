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

variable "engine_version" {
  description = "OpenSearch engine version (the local stack runs 2.19)."
  type        = string
  default     = "OpenSearch_2.19"
}

variable "instance_type" {
  description = "Data node instance type."
  type        = string
}

variable "instance_count" {
  description = "Data nodes (a multiple of the zone count)."
  type        = number
  default     = 3
}

variable "volume_gb" {
  description = "EBS storage per data node."
  type        = number
  default     = 100
}

variable "dedicated_master" {
  description = "Three dedicated master nodes (prod)."
  type        = bool
  default     = false
}
