resource "aws_opensearch_domain" "logged" {
  domain_name    = "logged"
  engine_version = "OpenSearch_2.13"
  log_publishing_options {
    log_type                 = "ES_APPLICATION_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:search-errors"
  }
}
