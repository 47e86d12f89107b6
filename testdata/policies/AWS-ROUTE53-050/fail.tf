resource "aws_route53_zone" "public" { # expect: AWS-ROUTE53-050
  name = "example.com"
}
