variable "key_arn" {
  type = string
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
}

resource "aws_efs_file_system" "cmk" {
  creation_token = "shared"
  encrypted = true
  kms_key_id = aws_kms_key.this.arn
}

resource "aws_efs_file_system" "configurable" {
  creation_token = "shared"
  encrypted = true
  kms_key_id = var.key_arn
}

# Not encrypted at all: another policy's finding.
resource "aws_efs_file_system" "plain" {
  creation_token = "shared"
}
