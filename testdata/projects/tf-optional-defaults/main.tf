# The caller says nothing about `public`: the type's optional default (true) decides.
module "db" {
  source = "./db"
  db     = { name = "orders" }
}
