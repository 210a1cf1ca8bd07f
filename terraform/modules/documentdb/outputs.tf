output "endpoint" {
  description = "Cluster endpoint (Helm: managed.documentdb.host)."
  value       = aws_docdb_cluster.this.endpoint
}

output "secret_arn" {
  description = "Secrets Manager secret with the username and password keys."
  value       = aws_secretsmanager_secret.master.arn
}
