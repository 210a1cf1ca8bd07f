# tflint with its bundled Terraform language ruleset, every rule on. The AWS ruleset plugin is
# downloaded from GitHub by `tflint --init`, which is not reachable where CI runs; add
#   plugin "aws" { enabled = true  version = "0.x"  source = "github.com/terraform-linters/tflint-ruleset-aws" }
# where it is.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
