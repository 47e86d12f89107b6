resource "aws_rds_cluster" "default" { # expect: AWS-RDS-015
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
}

resource "aws_rds_cluster" "short" {
  cluster_identifier      = "billing"
  engine                  = "aurora-mysql"
  backup_retention_period = 3 # expect: AWS-RDS-015
}
