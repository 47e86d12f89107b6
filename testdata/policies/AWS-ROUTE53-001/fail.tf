resource "aws_route53_zone" "main" { # expect: AWS-ROUTE53-001
  name = "example.com"
}
