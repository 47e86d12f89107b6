variable "tls" {
  type = bool
}

resource "aws_elasticache_replication_group" "tls" {
  replication_group_id       = "tls"
  description                = "tls"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  auth_token                 = var.auth_token
}

resource "aws_elasticache_replication_group" "from_variable" {
  replication_group_id       = "from-variable"
  description                = "decided at deploy time"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = var.tls
}
