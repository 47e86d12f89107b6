resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  monitoring_interval = 30
  monitoring_role_arn = "arn:aws:iam::111122223333:role/rds-monitoring"
}
