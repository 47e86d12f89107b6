resource "aws_dms_endpoint" "redis" {
  endpoint_id   = "redis"
  endpoint_type = "target"
  engine_name   = "redis"
  redis_settings {
    server_name           = "cache.example.internal"
    port                  = 6379
    auth_type             = "none"
    ssl_security_protocol = "plaintext" # expect: AWS-DMS-005
  }
}
