resource "aws_elasticache_replication_group" "single" { # expect: AWS-ELASTICACHE-003
  replication_group_id = "single"
  description          = "one node"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 1
}

resource "aws_elasticache_replication_group" "off" {
  replication_group_id       = "off"
  description                = "replica but no failover"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = false # expect: AWS-ELASTICACHE-003
}
