resource "aws_opensearch_domain" "open" {
  domain_name     = "open"
  engine_version  = "OpenSearch_2.13"
  access_policies = jsonencode({ # expect: AWS-OPENSEARCH-002
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "es:*"
        Resource  = "*"
    }]
  })
}

resource "aws_opensearch_domain" "split" { # expect: AWS-OPENSEARCH-002
  domain_name    = "split"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain_policy" "split" {
  domain_name     = aws_opensearch_domain.split.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "es:*"
        Resource  = "*"
    }]
  })
}
