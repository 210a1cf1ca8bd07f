# One IAM role per service, assumable only by that service's Kubernetes service account (IRSA).
# Least privilege: only files, bi-exporter and search get a policy; the others reach nothing in AWS.
data "aws_iam_policy_document" "assume" {
  for_each = toset(var.services)
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.release}-${each.key}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "service" {
  for_each             = toset(var.services)
  name                 = "${var.name}-${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.assume[each.key].json
  max_session_duration = 3600
  tags                 = merge(var.tags, { "colink/service" = each.key })
}

data "aws_iam_policy_document" "files" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.files_bucket_arn}/*"]
  }
  statement {
    actions   = ["s3:ListBucket"]
    resources = [var.files_bucket_arn]
  }
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "bi_exporter" {
  statement {
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${var.export_bucket_arn}/*"]
  }
  statement {
    actions   = ["kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "search" {
  statement {
    actions   = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"]
    resources = ["${var.opensearch_domain_arn}/*"]
  }
}

locals {
  policies = {
    files         = data.aws_iam_policy_document.files.json
    "bi-exporter" = data.aws_iam_policy_document.bi_exporter.json
    search        = data.aws_iam_policy_document.search.json
  }
}

resource "aws_iam_role_policy" "service" {
  for_each = { for k, v in local.policies : k => v if contains(var.services, k) }
  name     = "${var.name}-${each.key}"
  role     = aws_iam_role.service[each.key].id
  policy   = each.value
}
