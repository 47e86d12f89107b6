resource "aws_db_parameter_group" "logged" {
  name   = "logged"
  family = "postgres16"
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
}

resource "aws_db_instance" "logged" {
  identifier           = "logged"
  engine               = "postgres"
  instance_class       = "db.t4g.micro"
  allocated_storage    = 20
  parameter_group_name = aws_db_parameter_group.logged.name
}

# Not PostgreSQL.
resource "aws_db_instance" "mysql" {
  identifier        = "mysql"
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}
