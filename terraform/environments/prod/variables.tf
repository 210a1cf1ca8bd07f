variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "azs" {
  description = "Three availability zones of the region."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "vpc_cidr" {
  description = "The environment's VPC CIDR."
  type        = string
  default     = "10.40.0.0/16"
}

variable "eks_public_access_cidrs" {
  description = "Operator CIDRs allowed to the Kubernetes API's public endpoint (empty: private only)."
  type        = list(string)
  default     = []
}
