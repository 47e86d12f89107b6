resource "aws_db_instance" "plain" { # expect: AWS-RDS-001
  identifier     = "plain"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "explicit" {
  identifier        = "explicit"
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  storage_encrypted = false # expect: AWS-RDS-001
}
