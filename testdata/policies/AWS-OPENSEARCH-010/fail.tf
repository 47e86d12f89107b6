resource "aws_opensearch_domain" "search" { # expect: AWS-OPENSEARCH-010
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
  cluster_config {
    instance_count           = 3
    dedicated_master_enabled = true
    dedicated_master_count   = 2 # expect: AWS-OPENSEARCH-010
  }
}
