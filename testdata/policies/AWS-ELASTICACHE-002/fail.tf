resource "aws_elasticache_replication_group" "sessions" { # expect: AWS-ELASTICACHE-002
  replication_group_id = "sessions"
  description          = "web sessions"
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_replication_group" "explicit" {
  replication_group_id       = "explicit"
  description                = "plaintext"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = false # expect: AWS-ELASTICACHE-002
}
