resource "aws_db_instance" "default_retention" { # expect: AWS-RDS-003
  identifier     = "default-retention"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "no_backups" {
  identifier              = "no-backups"
  engine                  = "mysql"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0 # expect: AWS-RDS-003
}
