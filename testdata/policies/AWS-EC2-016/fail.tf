resource "aws_ebs_encryption_by_default" "off" {
  enabled = false # expect: AWS-EC2-016
}
