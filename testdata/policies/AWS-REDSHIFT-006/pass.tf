variable "ssl" {
  type = string
}

resource "aws_redshift_parameter_group" "secure" {
  name   = "secure"
  family = "redshift-1.0"
  parameter {
    name  = "enable_user_activity_logging"
    value = "true"
  }
  parameter {
    name  = "require_ssl"
    value = "true"
  }
}

resource "aws_redshift_parameter_group" "from_variable" {
  name   = "from-variable"
  family = "redshift-1.0"
  parameter {
    name  = "require_ssl"
    value = var.ssl
  }
}
