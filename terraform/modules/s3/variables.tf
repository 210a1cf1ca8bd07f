variable "bucket" {
  description = "Bucket name."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for default encryption (SSE-KMS)."
  type        = string
}

variable "access_log_bucket" {
  description = "Bucket receiving this bucket's server access logs; empty for none (the log bucket itself)."
  type        = string
  default     = ""
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted object's old version is kept."
  type        = number
  default     = 30
}

variable "transition_to_ia_days" {
  description = "Days before current objects move to Standard-IA."
  type        = number
  default     = 90
}

variable "expiration_days" {
  description = "Days before current objects expire; 0 keeps them."
  type        = number
  default     = 0
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
