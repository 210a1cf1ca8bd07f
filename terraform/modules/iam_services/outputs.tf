output "role_arns" {
  description = "Role ARN by service (the Helm chart's ServiceAccount annotations)."
  value       = { for k, r in aws_iam_role.service : k => r.arn }
}
