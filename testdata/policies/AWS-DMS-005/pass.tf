resource "aws_dms_endpoint" "encrypted" {
  endpoint_id   = "encrypted"
  endpoint_type = "target"
  engine_name   = "redis"
  redis_settings {
    server_name           = "cache.example.internal"
    port                  = 6379
    auth_type             = "none"
    ssl_security_protocol = "ssl-encryption"
  }
}

# DMS encrypts unless told not to.
resource "aws_dms_endpoint" "default" {
  endpoint_id   = "default"
  endpoint_type = "target"
  engine_name   = "redis"
  redis_settings {
    server_name = "cache.example.internal"
    port        = 6379
    auth_type   = "none"
  }
}
