resource "aws_neptune_cluster" "missing" { # expect: AWS-NEPTUNE-006
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "explicit" {
  cluster_identifier = "graph"
  engine             = "neptune"
  copy_tags_to_snapshot = false # expect: AWS-NEPTUNE-006
}
