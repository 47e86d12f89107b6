resource "aws_kms_key" "safe" {
  description = "safe"
}
