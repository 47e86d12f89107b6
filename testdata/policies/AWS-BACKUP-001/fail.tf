resource "aws_backup_vault" "primary" { # expect: AWS-BACKUP-001
  name = "primary"
}
