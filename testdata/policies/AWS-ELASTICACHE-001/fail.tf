resource "aws_elasticache_replication_group" "sessions" { # expect: AWS-ELASTICACHE-001
  replication_group_id = "sessions"
  description          = "web sessions"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "explicit" {
  replication_group_id       = "explicit"
  description                = "explicitly unencrypted"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = false # expect: AWS-ELASTICACHE-001
}
