variable "name" {
  description = "Name prefix, e.g. colink-prod."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
