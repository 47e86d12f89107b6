variable "auth_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "legacy_auth" {
  replication_group_id       = "legacy-auth"
  description                = "old redis with auth"
  node_type                  = "cache.t3.small"
  engine_version             = "5.0.6"
  transit_encryption_enabled = true
  auth_token                 = var.auth_token
}

resource "aws_elasticache_replication_group" "modern" {
  replication_group_id = "modern"
  description          = "redis 7 uses rbac"
  node_type            = "cache.t4g.small"
  engine_version       = "7.1"
}

resource "aws_elasticache_replication_group" "latest" {
  replication_group_id = "latest"
  description          = "no version: current"
  node_type            = "cache.t4g.small"
}
