resource "aws_redshiftserverless_workgroup" "bi" {
  namespace_name = "analytics"
  workgroup_name = "bi"
  enhanced_vpc_routing = true
}
