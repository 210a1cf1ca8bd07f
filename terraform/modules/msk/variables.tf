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

variable "kafka_version" {
  description = "Apache Kafka version of the MSK cluster."
  type        = string
  default     = "3.9.x"
}

variable "broker_instance_type" {
  description = "Broker instance type."
  type        = string
}

variable "broker_count" {
  description = "Brokers, a multiple of the zone count."
  type        = number
  default     = 3
}

variable "broker_volume_gb" {
  description = "EBS storage per broker."
  type        = number
  default     = 200
}
