resource "aws_route53_zone" "main" {
  name = "example.com"
  lifecycle {
    prevent_destroy = true
  }
}
