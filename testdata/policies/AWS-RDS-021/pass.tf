resource "aws_rds_cluster" "orders" {
  cluster_identifier  = "orders"
  engine              = "aurora-mysql"
  skip_final_snapshot = true
  backtrack_window    = 86400
}

resource "aws_rds_cluster" "pg" {
  cluster_identifier  = "pg"
  engine              = "aurora-postgresql"
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "serverless" {
  cluster_identifier  = "serverless"
  engine              = "aurora-mysql"
  skip_final_snapshot = true
  engine_mode         = "serverless"
}
