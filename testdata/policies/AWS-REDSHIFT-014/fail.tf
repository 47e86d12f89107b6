resource "aws_redshiftserverless_workgroup" "bi" {
  namespace_name = "analytics"
  workgroup_name = "bi"
  config_parameter { # expect: AWS-REDSHIFT-014
    parameter_key   = "require_ssl"
    parameter_value = "false"
  }
}
