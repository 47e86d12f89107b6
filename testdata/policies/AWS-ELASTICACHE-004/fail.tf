resource "aws_elasticache_cluster" "pinned" {
  cluster_id                 = "pinned"
  engine                     = "redis"
  node_type                  = "cache.t4g.micro"
  num_cache_nodes            = 1
  auto_minor_version_upgrade = "false" # expect: AWS-ELASTICACHE-004
}

resource "aws_elasticache_replication_group" "pinned" {
  replication_group_id       = "pinned"
  description                = "pinned"
  node_type                  = "cache.t4g.small"
  auto_minor_version_upgrade = false # expect: AWS-ELASTICACHE-004
}
