variable "setting" {}

resource "aws_neptune_cluster" "good" {
  cluster_identifier = "graph"
  engine             = "neptune"
  storage_encrypted = true
}

resource "aws_neptune_cluster" "from_variable" {
  cluster_identifier = "graph"
  engine             = "neptune"
  storage_encrypted = var.setting
}
