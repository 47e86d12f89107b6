resource "aws_neptune_cluster" "missing" { # expect: AWS-NEPTUNE-002
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "explicit" {
  cluster_identifier = "graph"
  engine             = "neptune"
  enable_cloudwatch_logs_exports = ["slowquery"] # expect: AWS-NEPTUNE-002
}
