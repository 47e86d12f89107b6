resource "aws_db_instance" "private" {
  identifier          = "private"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  publicly_accessible = false
}

resource "aws_db_instance" "default" {
  identifier     = "default"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

variable "public" {
  type = bool
}

resource "aws_db_instance" "unknown" {
  identifier          = "unknown"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  publicly_accessible = var.public
}
