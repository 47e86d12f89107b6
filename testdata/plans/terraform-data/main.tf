# A root configuration of Terraform's built-in resources only, so that `terraform plan` runs without
# downloading a provider: plan.json beside it is real `terraform show -json` output.

resource "terraform_data" "seed" {
  input = "seed"
}

resource "terraform_data" "derived" {
  input = terraform_data.seed.id
}

module "app" {
  source   = "./modules/app"
  for_each = toset(["blue", "green"])
  name     = each.key
  upstream = terraform_data.seed.output
}
