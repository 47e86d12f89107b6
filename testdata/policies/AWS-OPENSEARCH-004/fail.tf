resource "aws_opensearch_domain" "plain" { # expect: AWS-OPENSEARCH-004
  domain_name    = "plain"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "off" {
  domain_name    = "off"
  engine_version = "OpenSearch_2.13"
  node_to_node_encryption {
    enabled = false # expect: AWS-OPENSEARCH-004
  }
}
