resource "aws_ssm_document" "runbook" {
  name          = "runbook"
  document_type = "Command"
  content       = jsonencode({ schemaVersion = "2.2", mainSteps = [] })
  permissions = {
    type        = "Share"
    account_ids = "111122223333,444455556666"
  }
}
