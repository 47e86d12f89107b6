resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = "primary"
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {
      delete_after = 14 # expect: AWS-BACKUP-002
    }
  }
}
