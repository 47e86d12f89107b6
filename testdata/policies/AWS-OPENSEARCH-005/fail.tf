resource "aws_opensearch_domain" "defaults" { # expect: AWS-OPENSEARCH-005
  domain_name    = "defaults"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "old_tls" {
  domain_name    = "old-tls"
  engine_version = "OpenSearch_2.13"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # expect: AWS-OPENSEARCH-005
  }
}
