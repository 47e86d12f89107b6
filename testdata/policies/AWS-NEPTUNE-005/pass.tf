variable "setting" {}

resource "aws_neptune_cluster" "good" {
  cluster_identifier = "graph"
  engine             = "neptune"
  backup_retention_period = 7
}

resource "aws_neptune_cluster" "from_variable" {
  cluster_identifier = "graph"
  engine             = "neptune"
  backup_retention_period = var.setting
}
