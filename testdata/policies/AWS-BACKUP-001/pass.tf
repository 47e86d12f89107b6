variable "backup_key_arn" {
  type = string
}

resource "aws_kms_key" "backup" {
  description         = "AWS Backup"
  enable_key_rotation = true
}

resource "aws_backup_vault" "primary" {
  name        = "primary"
  kms_key_arn = aws_kms_key.backup.arn
}

# The key comes from a variable without a value: unknown, not reported.
resource "aws_backup_vault" "secondary" {
  name        = "secondary"
  kms_key_arn = var.backup_key_arn
}
