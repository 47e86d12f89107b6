variable "subnet_ids" {
  type = list(string)
}

resource "aws_opensearch_domain" "private" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
  vpc_options {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain" "configurable" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
  vpc_options {
    subnet_ids = var.subnet_ids
  }
}
