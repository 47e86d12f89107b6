variable "auto_upgrade" {
  type = bool
}

# The default is true.
resource "aws_db_instance" "default" {
  identifier     = "default"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "configurable" {
  identifier                 = "configurable"
  engine                     = "postgres"
  instance_class             = "db.t4g.micro"
  auto_minor_version_upgrade = var.auto_upgrade
}
