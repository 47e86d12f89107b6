resource "aws_neptune_cluster" "default_key" { # expect: AWS-NEPTUNE-050
  cluster_identifier = "graph"
  storage_encrypted = true
}
