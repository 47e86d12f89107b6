resource "aws_neptune_cluster" "missing" { # expect: AWS-NEPTUNE-003
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "explicit" {
  cluster_identifier = "graph"
  engine             = "neptune"
  iam_database_authentication_enabled = false # expect: AWS-NEPTUNE-003
}
