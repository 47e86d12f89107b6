variable "setting" {}

resource "aws_neptune_cluster" "good" {
  cluster_identifier = "graph"
  engine             = "neptune"
  deletion_protection = true
}

resource "aws_neptune_cluster" "from_variable" {
  cluster_identifier = "graph"
  engine             = "neptune"
  deletion_protection = var.setting
}
