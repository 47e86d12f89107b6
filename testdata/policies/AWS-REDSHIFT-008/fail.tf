resource "aws_redshiftserverless_workgroup" "bi" { # expect: AWS-REDSHIFT-008
  namespace_name = "analytics"
  workgroup_name = "bi"
}

resource "aws_redshiftserverless_workgroup" "etl" {
  namespace_name = "analytics"
  workgroup_name = "etl"
  enhanced_vpc_routing = false # expect: AWS-REDSHIFT-008
}
