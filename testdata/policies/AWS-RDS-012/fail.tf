resource "aws_db_instance" "unprotected" { # expect: AWS-RDS-012
  identifier     = "unprotected"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "off" {
  identifier          = "off"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = false # expect: AWS-RDS-012
}
