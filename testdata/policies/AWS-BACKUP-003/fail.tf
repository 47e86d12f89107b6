resource "aws_backup_vault" "primary" { # expect: AWS-BACKUP-003
  name = "primary"
}
