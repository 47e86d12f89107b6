resource "aws_neptune_cluster" "missing" { # expect: AWS-NEPTUNE-001
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "explicit" {
  cluster_identifier = "graph"
  engine             = "neptune"
  storage_encrypted = false # expect: AWS-NEPTUNE-001
}
