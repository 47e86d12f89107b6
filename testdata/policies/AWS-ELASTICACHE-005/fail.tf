resource "aws_elasticache_replication_group" "sessions" { # expect: AWS-ELASTICACHE-005
  replication_group_id = "sessions"
  description          = "web sessions"
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_cluster" "queue" {
  cluster_id               = "queue"
  engine                   = "redis"
  node_type                = "cache.t4g.micro"
  num_cache_nodes          = 1
  snapshot_retention_limit = 0 # expect: AWS-ELASTICACHE-005
}
