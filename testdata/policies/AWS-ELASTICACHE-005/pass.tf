resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id     = "sessions"
  description              = "web sessions"
  node_type                = "cache.t4g.small"
  snapshot_retention_limit = 5
}

resource "aws_elasticache_cluster" "memcached" {
  cluster_id      = "pages"
  engine          = "memcached"
  node_type       = "cache.t4g.micro"
  num_cache_nodes = 2
}

resource "aws_elasticache_cluster" "replica" {
  cluster_id           = "sessions-replica"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}
