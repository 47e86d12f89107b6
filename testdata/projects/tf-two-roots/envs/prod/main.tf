module "db" {
  source = "../../modules/db"
  name   = "prod"
  public = true
}
