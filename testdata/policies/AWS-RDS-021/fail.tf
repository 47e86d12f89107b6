resource "aws_rds_cluster" "orders" { # expect: AWS-RDS-021
  cluster_identifier  = "orders"
  engine              = "aurora-mysql"
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "zero" {
  cluster_identifier  = "zero"
  engine              = "aurora-mysql"
  skip_final_snapshot = true
  backtrack_window    = 0 # expect: AWS-RDS-021
}
