resource "aws_redshiftserverless_namespace" "analytics" { # expect: AWS-REDSHIFT-010
  namespace_name = "analytics"
}

resource "aws_redshiftserverless_namespace" "partial" {
  namespace_name = "partial"
  log_exports    = ["connectionlog"] # expect: AWS-REDSHIFT-010
}
