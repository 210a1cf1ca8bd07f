output "address" {
  description = "Host name of the primary (Helm: managed.postgres.host)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master credentials in (username and password keys)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
