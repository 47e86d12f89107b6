resource "aws_db_instance" "app" { # expect: AWS-RDS-019
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
}

resource "aws_db_instance" "zero" {
  identifier          = "zero"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  monitoring_interval = 0 # expect: AWS-RDS-019
}
