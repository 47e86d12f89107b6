resource "aws_elasticache_subnet_group" "cache" {
  name       = "cache"
  subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_elasticache_cluster" "private" {
  cluster_id        = "private"
  engine            = "redis"
  node_type         = "cache.t4g.micro"
  num_cache_nodes   = 1
  subnet_group_name = aws_elasticache_subnet_group.cache.name
}

resource "aws_elasticache_replication_group" "group" {
  replication_group_id = "group"
  description          = "in private subnets"
  node_type            = "cache.t4g.small"
  subnet_group_name    = aws_elasticache_subnet_group.cache.name
}

resource "aws_elasticache_cluster" "member" {
  cluster_id           = "group-member"
  replication_group_id = aws_elasticache_replication_group.group.id
}
