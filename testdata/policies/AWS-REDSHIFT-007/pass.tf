resource "aws_redshiftserverless_workgroup" "bi" {
  namespace_name = "analytics"
  workgroup_name = "bi"
}

resource "aws_redshiftserverless_workgroup" "etl" {
  namespace_name = "analytics"
  workgroup_name = "etl"
  publicly_accessible = false
}
