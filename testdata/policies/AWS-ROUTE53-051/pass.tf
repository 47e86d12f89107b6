resource "aws_route53_zone" "public" {
  name = "example.com"
}

resource "aws_route53_key_signing_key" "public" {
  hosted_zone_id             = aws_route53_zone.public.id
  key_management_service_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  name                       = "example"
}

resource "aws_route53_hosted_zone_dnssec" "public" {
  hosted_zone_id = aws_route53_zone.public.id
}

resource "aws_route53_zone" "private" {
  name = "internal.example.com"
  vpc {
    vpc_id = "vpc-0123456789abcdef0"
  }
}
