resource "aws_route53_zone" "public" { # expect: AWS-ROUTE53-051
  name = "example.com"
}
