variable "key_arn" {
  type = string
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
}

resource "aws_ebs_volume" "cmk" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted = true
  kms_key_id = aws_kms_key.this.arn
}

resource "aws_ebs_volume" "configurable" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted = true
  kms_key_id = var.key_arn
}

# Not encrypted at all: another policy's finding.
resource "aws_ebs_volume" "plain" {
  availability_zone = "eu-west-1a"
  size              = 20
}
