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

variable "instance_class" {
  description = "DocumentDB instance class."
  type        = string
}

variable "instance_count" {
  description = "Instances (one primary, the rest replicas across zones)."
  type        = number
  default     = 3
}

variable "backup_retention_days" {
  description = "Automated backup retention."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Refuse deletion of the cluster (on in prod)."
  type        = bool
  default     = true
}
