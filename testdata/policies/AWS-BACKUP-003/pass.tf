resource "aws_backup_vault" "primary" {
  name = "primary"
}

resource "aws_backup_vault_lock_configuration" "primary" {
  backup_vault_name   = aws_backup_vault.primary.name
  min_retention_days  = 35
  max_retention_days  = 365
  changeable_for_days = 3
}
