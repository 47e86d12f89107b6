resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
}
