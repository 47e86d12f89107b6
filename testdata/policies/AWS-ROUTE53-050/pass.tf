resource "aws_route53_zone" "public" {
  name = "example.com"
}

resource "aws_cloudwatch_log_group" "dns" {
  name              = "/aws/route53/example.com"
  retention_in_days = 365
}

resource "aws_route53_query_log" "public" {
  zone_id                  = aws_route53_zone.public.zone_id
  cloudwatch_log_group_arn = aws_cloudwatch_log_group.dns.arn
}

resource "aws_route53_zone" "private" {
  name = "internal.example.com"
  vpc {
    vpc_id = "vpc-0123456789abcdef0"
  }
}
