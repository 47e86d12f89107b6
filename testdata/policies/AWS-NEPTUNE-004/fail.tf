resource "aws_neptune_cluster" "missing" { # expect: AWS-NEPTUNE-004
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "explicit" {
  cluster_identifier = "graph"
  engine             = "neptune"
  deletion_protection = false # expect: AWS-NEPTUNE-004
}
