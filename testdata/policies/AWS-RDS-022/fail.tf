resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  username            = "admin" # expect: AWS-RDS-022
  password            = var.db_password
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier  = "orders"
  engine              = "aurora-postgresql"
  skip_final_snapshot = true
  master_username     = "postgres" # expect: AWS-RDS-022
  manage_master_user_password = true
}

variable "db_password" {}
