variable "db_password" {
  type = string
}

resource "aws_dms_endpoint" "source" {
  endpoint_id     = "source"
  endpoint_type   = "source"
  engine_name     = "postgres"
  ssl_mode        = "verify-full"
  certificate_arn = "arn:aws:dms:eu-west-1:111122223333:cert:rds"
  server_name     = "db.example.internal"
  port            = 5432
  username        = "dms"
  password        = var.db_password
  database_name   = "app"
}

# S3 endpoints have no ssl_mode to set.
resource "aws_dms_endpoint" "archive" {
  endpoint_id   = "archive"
  endpoint_type = "target"
  engine_name   = "s3"
}
