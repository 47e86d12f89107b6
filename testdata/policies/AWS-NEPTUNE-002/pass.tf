variable "setting" {}

resource "aws_neptune_cluster" "good" {
  cluster_identifier = "graph"
  engine             = "neptune"
  enable_cloudwatch_logs_exports = ["audit", "slowquery"]
}

resource "aws_neptune_cluster" "from_variable" {
  cluster_identifier = "graph"
  engine             = "neptune"
  enable_cloudwatch_logs_exports = var.setting
}
