variable "protect" {
  type = bool
}

resource "aws_rds_cluster" "protected" {
  cluster_identifier  = "orders"
  engine              = "aurora-postgresql"
  deletion_protection = true
}

resource "aws_rds_cluster" "configurable" {
  cluster_identifier  = "billing"
  engine              = "aurora-mysql"
  deletion_protection = var.protect
}
