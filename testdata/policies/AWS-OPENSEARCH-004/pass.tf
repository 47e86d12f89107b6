resource "aws_opensearch_domain" "encrypted" {
  domain_name    = "encrypted"
  engine_version = "OpenSearch_2.13"
  node_to_node_encryption {
    enabled = true
  }
}
