resource "aws_redshift_parameter_group" "logging" { # expect: AWS-REDSHIFT-006
  name   = "logging"
  family = "redshift-1.0"
  parameter {
    name  = "require_ssl"
    value = "false"
  }
  parameter {
    name  = "enable_user_activity_logging"
    value = "true"
  }
}
