resource "aws_opensearch_domain" "encrypted" {
  domain_name    = "encrypted"
  engine_version = "OpenSearch_2.13"
  encrypt_at_rest {
    enabled = true
  }
}
