resource "aws_neptune_cluster" "missing" { # expect: AWS-NEPTUNE-005
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "explicit" {
  cluster_identifier = "graph"
  engine             = "neptune"
  backup_retention_period = 1 # expect: AWS-NEPTUNE-005
}
