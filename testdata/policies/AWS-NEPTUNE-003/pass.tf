variable "setting" {}

resource "aws_neptune_cluster" "good" {
  cluster_identifier = "graph"
  engine             = "neptune"
  iam_database_authentication_enabled = true
}

resource "aws_neptune_cluster" "from_variable" {
  cluster_identifier = "graph"
  engine             = "neptune"
  iam_database_authentication_enabled = var.setting
}
