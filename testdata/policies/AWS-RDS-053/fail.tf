resource "aws_db_instance" "default_group" { # expect: AWS-RDS-053
  identifier        = "default-group"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

resource "aws_db_parameter_group" "quiet" {
  name   = "quiet"
  family = "postgres16"
  parameter {
    name  = "log_connections"
    value = "1"
  }
}

resource "aws_db_instance" "quiet" { # expect: AWS-RDS-053
  identifier           = "quiet"
  engine               = "postgres"
  instance_class       = "db.t4g.micro"
  allocated_storage    = 20
  parameter_group_name = aws_db_parameter_group.quiet.name
}
