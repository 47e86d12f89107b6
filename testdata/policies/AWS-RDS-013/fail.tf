resource "aws_rds_cluster" "unprotected" { # expect: AWS-RDS-013
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
}

resource "aws_rds_cluster" "off" {
  cluster_identifier  = "billing"
  engine              = "aurora-mysql"
  deletion_protection = false # expect: AWS-RDS-013
}
