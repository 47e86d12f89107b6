resource "aws_opensearch_domain" "tls12" {
  domain_name    = "tls12"
  engine_version = "OpenSearch_2.13"
  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
