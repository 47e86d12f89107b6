resource "aws_kms_key" "default" { # expect: AWS-KMS-001
  description = "no rotation"
}

resource "aws_kms_key" "off" {
  description         = "rotation off"
  enable_key_rotation = false # expect: AWS-KMS-001
}
