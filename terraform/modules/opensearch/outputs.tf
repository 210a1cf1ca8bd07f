output "endpoint" {
  description = "HTTPS endpoint of the domain (Helm: managed.opensearch.url)."
  value       = "https://${aws_opensearch_domain.this.endpoint}"
}

output "domain_arn" {
  description = "ARN of the domain (IAM policies of the search service)."
  value       = aws_opensearch_domain.this.arn
}

output "secret_arn" {
  description = "Secrets Manager secret with the master user's username and password keys."
  value       = aws_secretsmanager_secret.master.arn
}
