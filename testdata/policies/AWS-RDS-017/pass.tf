variable "log_types" {
  type = list(string)
}

resource "aws_rds_cluster" "logged" {
  cluster_identifier              = "orders"
  engine                          = "aurora-postgresql"
  enabled_cloudwatch_logs_exports = ["postgresql"]
}

resource "aws_rds_cluster" "configurable" {
  cluster_identifier              = "billing"
  engine                          = "aurora-mysql"
  enabled_cloudwatch_logs_exports = var.log_types
}
