variable "name" {
  description = "Name prefix, e.g. colink-prod: roles are <name>-<service>."
  type        = string
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider ARN."
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer without https:// (condition key prefix)."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the Helm release."
  type        = string
  default     = "colink"
}

variable "release" {
  description = "Helm release name: service accounts are <release>-<service>."
  type        = string
  default     = "colink"
}

variable "services" {
  description = "Every CoLink service; each gets a role, most with no permissions at all."
  type        = list(string)
  default     = ["gateway", "ws-gateway", "users", "channels", "messaging", "presence", "files", "search", "admin", "bi-exporter"]
}

variable "files_bucket_arn" {
  description = "The files bucket (read and write for the files service)."
  type        = string
}

variable "export_bucket_arn" {
  description = "The BI export bucket (write for bi-exporter)."
  type        = string
}

variable "opensearch_domain_arn" {
  description = "The OpenSearch domain (HTTP access for the search service)."
  type        = string
}

variable "kms_key_arn" {
  description = "The data key (the buckets are SSE-KMS)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
