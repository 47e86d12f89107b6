resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  port                = 3406
}

resource "aws_db_instance" "replica" {
  identifier          = "replica"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  port                = 15432
}
