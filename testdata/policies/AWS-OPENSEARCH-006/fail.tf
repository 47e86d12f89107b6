resource "aws_opensearch_domain" "silent" { # expect: AWS-OPENSEARCH-006
  domain_name    = "silent"
  engine_version = "OpenSearch_2.13"
}
