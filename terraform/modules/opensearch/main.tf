# Amazon OpenSearch for message search: a VPC domain over the zones, encrypted at rest and between
# nodes, HTTPS only (TLS 1.2+), fine-grained access control with an internal master user whose
# credentials the search service reads from Secrets Manager.
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_security_group" "this" {
  name        = "${var.name}-opensearch"
  description = "OpenSearch HTTPS from the EKS cluster"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each                     = toset(var.client_security_group_ids)
  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  description                  = "OpenSearch HTTPS from EKS"
}

resource "random_password" "master" {
  length           = 40
  special          = true
  override_special = "-_.~"
  min_special      = 1
  min_upper        = 1
  min_lower        = 1
  min_numeric      = 1
}

resource "aws_secretsmanager_secret" "master" {
  #checkov:skip=CKV2_AWS_57:The fine-grained access control master user is rotated through the domain's security API in a runbook step; no rotation Lambda exists for it.
  name       = "${var.name}/opensearch"
  kms_key_id = var.kms_key_arn
  tags       = var.tags
}

resource "aws_secretsmanager_secret_version" "master" {
  secret_id     = aws_secretsmanager_secret.master.id
  secret_string = jsonencode({ username = "colink", password = random_password.master.result })
}

resource "aws_cloudwatch_log_group" "this" {
  for_each          = toset(["index-slow", "search-slow", "application", "audit"])
  name              = "/aws/opensearch/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["logs:PutLogEvents", "logs:CreateLogStream"]
    resources = [for g in aws_cloudwatch_log_group.this : "${g.arn}:*"]
    principals {
      type        = "Service"
      identifiers = ["es.amazonaws.com"]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "this" {
  policy_name     = "${var.name}-opensearch"
  policy_document = data.aws_iam_policy_document.logs.json
}

data "aws_iam_policy_document" "access" {
  statement {
    actions   = ["es:ESHttp*"]
    resources = ["arn:aws:es:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:domain/${var.name}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_opensearch_domain" "this" {
  #checkov:skip=CKV_AWS_317:AUDIT_LOGS is published by the dynamic log_publishing_options block below, which the check does not expand.
  #checkov:skip=CKV_AWS_318:Dedicated masters are the dedicated_master variable: prod sets true (three), staging runs without to save cost.
  #checkov:skip=CKV2_AWS_59:Same as CKV_AWS_318: dedicated masters on in prod, off in staging by choice.
  domain_name    = var.name
  engine_version = var.engine_version

  cluster_config {
    instance_type            = var.instance_type
    instance_count           = var.instance_count
    zone_awareness_enabled   = true
    dedicated_master_enabled = var.dedicated_master
    dedicated_master_type    = var.dedicated_master ? var.instance_type : null
    dedicated_master_count   = var.dedicated_master ? 3 : null
    zone_awareness_config {
      availability_zone_count = length(var.subnet_ids)
    }
  }

  vpc_options {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.this.id]
  }

  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = var.volume_gb
  }

  encrypt_at_rest {
    enabled    = true
    kms_key_id = var.kms_key_arn
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
    master_user_options {
      master_user_name     = "colink"
      master_user_password = random_password.master.result
    }
  }

  access_policies = data.aws_iam_policy_document.access.json

  dynamic "log_publishing_options" {
    for_each = {
      INDEX_SLOW_LOGS     = "index-slow"
      SEARCH_SLOW_LOGS    = "search-slow"
      ES_APPLICATION_LOGS = "application"
      AUDIT_LOGS          = "audit"
    }
    content {
      log_type                 = log_publishing_options.key
      cloudwatch_log_group_arn = aws_cloudwatch_log_group.this[log_publishing_options.value].arn
    }
  }

  software_update_options {
    auto_software_update_enabled = true
  }

  tags       = var.tags
  depends_on = [aws_cloudwatch_log_resource_policy.this]
}
