variable "name" {
  description = "Name prefix for every resource, e.g. colink-prod."
  type        = string
}

variable "cidr" {
  description = "The VPC's IPv4 CIDR block (a /16: public, private and data subnets are carved from it)."
  type        = string
}

variable "azs" {
  description = "Availability zones to spread subnets over (three for Multi-AZ data stores)."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, for staging) instead of one per zone."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Days to keep VPC flow logs in CloudWatch."
  type        = number
  default     = 365
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the flow log group."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
