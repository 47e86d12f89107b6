variable "retention_days" {
  type = number
}

resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = "primary"
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {
      cold_storage_after = 30
      delete_after       = 365
    }
    copy_action {
      destination_vault_arn = "arn:aws:backup:eu-central-1:111122223333:backup-vault:dr"
      lifecycle {
        delete_after = 7
      }
    }
  }
}

# No lifecycle: recovery points are kept until deleted.
resource "aws_backup_plan" "forever" {
  name = "forever"

  rule {
    rule_name         = "monthly"
    target_vault_name = "primary"
    schedule          = "cron(0 5 1 * ? *)"
  }
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_backup_plan" "from_variable" {
  name = "from-variable"

  rule {
    rule_name         = "daily"
    target_vault_name = "primary"
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {
      delete_after = var.retention_days
    }
  }
}
