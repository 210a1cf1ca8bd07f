variable "eks_public_access_cidrs" {
  description = "Operator CIDRs allowed to the Kubernetes API's public endpoint (empty: private only)."
  type        = list(string)
  default     = []
}
