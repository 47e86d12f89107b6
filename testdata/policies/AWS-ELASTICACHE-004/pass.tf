resource "aws_elasticache_cluster" "default" {
  cluster_id      = "default"
  engine          = "memcached"
  node_type       = "cache.t4g.micro"
  num_cache_nodes = 2
}

resource "aws_elasticache_replication_group" "explicit" {
  replication_group_id       = "explicit"
  description                = "upgrades on"
  node_type                  = "cache.t4g.small"
  auto_minor_version_upgrade = true
}
