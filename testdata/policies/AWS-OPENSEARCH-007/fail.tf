resource "aws_opensearch_domain" "silent" { # expect: AWS-OPENSEARCH-007
  domain_name    = "silent"
  engine_version = "OpenSearch_2.13"
}
