resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  skip_final_snapshot = true
  username                    = "app_owner"
  manage_master_user_password = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier  = "orders"
  engine              = "aurora-mysql"
  skip_final_snapshot = true
  master_username             = "orders_owner"
  manage_master_user_password = true
}
