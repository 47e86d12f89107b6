resource "aws_redshiftserverless_namespace" "analytics" {
  namespace_name = "analytics"
  admin_username        = "admin" # expect: AWS-REDSHIFT-009
  manage_admin_password = true
}
