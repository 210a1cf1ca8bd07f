output "vpc_id" {
  description = "The VPC's id."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "The VPC's CIDR block."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "Subnets for EKS nodes and pods."
  value       = aws_subnet.private[*].id
}

output "private_subnet_cidrs" {
  description = "CIDRs of the private subnets (security group sources for the data stores)."
  value       = aws_subnet.private[*].cidr_block
}

output "public_subnet_ids" {
  description = "Subnets for internet-facing load balancers."
  value       = aws_subnet.public[*].id
}

output "data_subnet_ids" {
  description = "Subnets for the managed data stores."
  value       = aws_subnet.data[*].id
}

output "data_subnet_cidrs" {
  description = "CIDRs of the data subnets (the Helm chart's NetworkPolicy egress targets)."
  value       = aws_subnet.data[*].cidr_block
}
