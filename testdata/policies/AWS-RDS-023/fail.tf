resource "aws_db_instance" "app" { # expect: AWS-RDS-023
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
}

resource "aws_db_instance" "pg" {
  identifier          = "pg"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  port                = 5432 # expect: AWS-RDS-023
}
