resource "aws_elasticache_replication_group" "ha" {
  replication_group_id       = "ha"
  description                = "highly available"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
}
