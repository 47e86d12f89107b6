resource "aws_redshiftserverless_namespace" "analytics" {
  namespace_name = "analytics"
  log_exports    = ["useractivitylog", "userlog", "connectionlog"]
}
