resource "aws_opensearch_domain" "plain" { # expect: AWS-OPENSEARCH-003
  domain_name    = "plain"
  engine_version = "OpenSearch_2.13"
}
