variable "retention" {
  type = number
}

resource "aws_rds_cluster" "week" {
  cluster_identifier      = "orders"
  engine                  = "aurora-postgresql"
  backup_retention_period = 7
}

resource "aws_rds_cluster" "configurable" {
  cluster_identifier      = "billing"
  engine                  = "aurora-mysql"
  backup_retention_period = var.retention
}
