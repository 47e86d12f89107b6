resource "aws_opensearch_domain" "public" { # expect: AWS-OPENSEARCH-001
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "legacy" { # expect: AWS-OPENSEARCH-001
  domain_name           = "legacy"
  elasticsearch_version = "7.10"
}
