variable "name" {
  description = "Environment name prefix, e.g. colink-prod (the Glue database is <name>_bi with _ for -)."
  type        = string
}

variable "bucket" {
  description = "The bucket the bi-exporter writes to (its BI_S3_BUCKET)."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of that bucket."
  type        = string
}

variable "prefix" {
  description = "The exporter's key prefix in the bucket (its BI_PREFIX)."
  type        = string
  default     = "bi"
}

variable "kms_key_arn" {
  description = "The key the bucket is encrypted with; Athena results are encrypted with it too."
  type        = string
}

variable "projection_start" {
  description = "First day (yyyy-MM-dd) Athena's partition projection considers for the dt partition."
  type        = string
  default     = "2024-01-01"
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena stops a query of the BI workgroup that would scan more than this many bytes."
  type        = number
  default     = 107374182400
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
