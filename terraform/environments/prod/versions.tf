terraform {
  required_version = ">= 1.6.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # State in S3 with locking; the bucket is created once per account, outside this configuration.
  # `tofu init -backend-config=...` can override these.
  backend "s3" {
    bucket       = "colink-terraform-state"
    key          = "prod/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = local.region
  default_tags {
    tags = local.tags
  }
}
