resource "aws_redshiftserverless_namespace" "analytics" {
  namespace_name = "analytics"
  admin_username        = "wh_owner"
  manage_admin_password = true
}

resource "aws_redshiftserverless_namespace" "plain" {
  namespace_name = "plain"
}
