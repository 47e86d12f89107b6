module "db" {
  source = "../../modules/db"
  name   = "staging"
  public = true
}
