resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_ebs_encryption_by_default" "implicit" {}
