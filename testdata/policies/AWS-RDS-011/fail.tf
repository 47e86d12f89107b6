resource "aws_db_instance" "single" { # expect: AWS-RDS-011
  identifier     = "single"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "explicit" {
  identifier     = "explicit"
  engine         = "mysql"
  instance_class = "db.t4g.micro"
  multi_az       = false # expect: AWS-RDS-011
}
