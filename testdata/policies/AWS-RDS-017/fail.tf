resource "aws_rds_cluster" "quiet" { # expect: AWS-RDS-017
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
}
