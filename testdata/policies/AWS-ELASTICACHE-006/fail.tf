resource "aws_elasticache_replication_group" "legacy" { # expect: AWS-ELASTICACHE-006
  replication_group_id = "legacy"
  description          = "old redis"
  node_type            = "cache.t3.small"
  engine               = "redis"
  engine_version       = "5.0.6"
}
