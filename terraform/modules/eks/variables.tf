variable "name" {
  description = "Cluster name, e.g. colink-prod."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version (the Helm chart needs 1.30 or later)."
  type        = string
  default     = "1.34"
}

variable "vpc_id" {
  description = "VPC the cluster runs in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control plane ENIs and the nodes."
  type        = list(string)
}

variable "public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint; empty keeps the endpoint private only."
  type        = list(string)
  default     = []
}

variable "kms_key_arn" {
  description = "KMS key for envelope encryption of Kubernetes Secrets and the control plane log group."
  type        = string
}

variable "node_groups" {
  description = "Managed node groups by name: instance types, sizes, capacity type and disk."
  type = map(object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
    capacity_type  = optional(string, "ON_DEMAND")
    disk_size_gb   = optional(number, 50)
    labels         = optional(map(string), {})
  }))
}

variable "log_retention_days" {
  description = "Days to keep control plane logs."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
