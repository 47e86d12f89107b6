variable "encrypt" {
  type = bool
}

resource "aws_elasticache_replication_group" "encrypted" {
  replication_group_id       = "encrypted"
  description                = "encrypted"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "from_variable" {
  replication_group_id       = "from-variable"
  description                = "decided at deploy time"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = var.encrypt
}
