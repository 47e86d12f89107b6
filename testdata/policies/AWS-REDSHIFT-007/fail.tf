resource "aws_redshiftserverless_workgroup" "bi" {
  namespace_name = "analytics"
  workgroup_name = "bi"
  publicly_accessible = true # expect: AWS-REDSHIFT-007
}
