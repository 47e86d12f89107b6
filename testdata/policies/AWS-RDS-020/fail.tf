resource "aws_db_instance" "app" { # expect: AWS-RDS-020
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier  = "aurora"
  engine              = "aurora-mysql"
  skip_final_snapshot = true
  iam_database_authentication_enabled = false # expect: AWS-RDS-020
}
