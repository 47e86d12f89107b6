locals {
  retention_days = 14
}

resource "aws_db_instance" "week" {
  identifier              = "week"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 7
}

resource "aws_db_instance" "from_local" {
  identifier              = "from-local"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = local.retention_days
}
