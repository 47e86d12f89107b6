variable "protect" {
  type = bool
}

resource "aws_db_instance" "protected" {
  identifier          = "protected"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = true
}

resource "aws_db_instance" "configurable" {
  identifier          = "configurable"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = var.protect
}
