resource "aws_elasticache_cluster" "no_group" { # expect: AWS-ELASTICACHE-007
  cluster_id      = "no-group"
  engine          = "redis"
  node_type       = "cache.t4g.micro"
  num_cache_nodes = 1
}

resource "aws_elasticache_cluster" "default_group" {
  cluster_id        = "default-group"
  engine            = "memcached"
  node_type         = "cache.t4g.micro"
  num_cache_nodes   = 1
  subnet_group_name = "default" # expect: AWS-ELASTICACHE-007
}

resource "aws_elasticache_replication_group" "no_group" { # expect: AWS-ELASTICACHE-007
  replication_group_id = "no-group"
  description          = "default subnet group"
  node_type            = "cache.t4g.small"
}
