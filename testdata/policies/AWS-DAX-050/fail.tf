resource "aws_dax_cluster" "cache" { # expect: AWS-DAX-050
  cluster_name       = "cache"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1
}

resource "aws_dax_cluster" "off" {
  cluster_name       = "off"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1
  server_side_encryption {
    enabled = false # expect: AWS-DAX-050
  }
}
