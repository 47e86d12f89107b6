resource "aws_opensearch_domain" "logs" { # expect: AWS-OPENSEARCH-008
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
  advanced_security_options {
    enabled = false # expect: AWS-OPENSEARCH-008
  }
}
