variable "db_password" {
  type = string
}

resource "aws_dms_endpoint" "source" { # expect: AWS-DMS-051
  endpoint_id   = "source"
  endpoint_type = "source"
  engine_name   = "postgres"
  server_name   = "db.example.internal"
  port          = 5432
  username      = "dms"
  password      = var.db_password
  database_name = "app"
}

resource "aws_dms_endpoint" "target" {
  endpoint_id   = "target"
  endpoint_type = "target"
  engine_name   = "aurora"
  ssl_mode      = "none" # expect: AWS-DMS-051
  server_name   = "aurora.example.internal"
  port          = 3306
  username      = "dms"
  password      = var.db_password
}
