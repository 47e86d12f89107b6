resource "aws_db_instance" "quiet" { # expect: AWS-RDS-016
  identifier     = "quiet"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "empty" {
  identifier                      = "empty"
  engine                          = "mysql"
  instance_class                  = "db.t4g.micro"
  enabled_cloudwatch_logs_exports = [] # expect: AWS-RDS-016
}
