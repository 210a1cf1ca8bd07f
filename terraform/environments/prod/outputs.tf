output "environment" {
  description = "Helm values (helm_managed_values), secret_arns, service_role_arns, cluster_name, bi_catalog."
  value       = module.environment
}
