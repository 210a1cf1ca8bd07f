output "primary_endpoint" {
  description = "Primary endpoint (Helm: managed.redis.host)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "auth_secret_arn" {
  description = "Secrets Manager secret holding the AUTH token (key auth-token)."
  value       = aws_secretsmanager_secret.auth.arn
}
