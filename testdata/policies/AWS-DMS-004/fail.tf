resource "aws_dms_endpoint" "orders" {
  endpoint_id   = "orders"
  endpoint_type = "source"
  engine_name   = "mongodb"
  server_name   = "mongo.internal"
  port          = 27017
  database_name = "orders"
  mongodb_settings {
    auth_type = "no" # expect: AWS-DMS-004
  }
}
