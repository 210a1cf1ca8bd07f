output "bootstrap_brokers" {
  description = "Plaintext bootstrap brokers (Helm: managed.kafka.brokers)."
  value       = aws_msk_cluster.this.bootstrap_brokers
}

output "bootstrap_brokers_tls" {
  description = "TLS bootstrap brokers, for when the platform's Kafka client takes TLS."
  value       = aws_msk_cluster.this.bootstrap_brokers_tls
}
