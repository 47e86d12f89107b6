variable "log_types" {
  type = list(string)
}

resource "aws_db_instance" "logged" {
  identifier                      = "logged"
  engine                          = "postgres"
  instance_class                  = "db.t4g.micro"
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}

resource "aws_db_instance" "configurable" {
  identifier                      = "configurable"
  engine                          = "mysql"
  instance_class                  = "db.t4g.micro"
  enabled_cloudwatch_logs_exports = var.log_types
}
