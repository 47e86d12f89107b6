variable "name" {
  type = string
}

variable "public" {
  type = bool
}

resource "aws_db_instance" "this" {
  identifier          = var.name
  instance_class      = "db.t3.micro"
  engine              = "postgres"
  publicly_accessible = var.public
}
