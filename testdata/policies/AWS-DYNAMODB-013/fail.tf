resource "aws_dax_cluster" "cache" { # expect: AWS-DYNAMODB-013
  cluster_name       = "cache"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 3
}
