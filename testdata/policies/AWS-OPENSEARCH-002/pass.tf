resource "aws_opensearch_domain" "in_vpc" {
  domain_name     = "in-vpc"
  engine_version  = "OpenSearch_2.13"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "es:*"
        Resource  = "*"
    }]
  })
  vpc_options {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain" "fgac" {
  domain_name     = "fgac"
  engine_version  = "OpenSearch_2.13"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "es:*"
        Resource  = "*"
    }]
  })
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
}

resource "aws_opensearch_domain" "ip_restricted" {
  domain_name    = "ip-restricted"
  engine_version = "OpenSearch_2.13"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "es:ESHttp*"
        Resource  = "*"
        Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } }
    }]
  })
}
