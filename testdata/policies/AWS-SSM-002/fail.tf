resource "aws_ssm_document" "runbook" {
  name          = "runbook"
  document_type = "Command"
  content       = jsonencode({ schemaVersion = "2.2", mainSteps = [] })
  permissions = {
    type        = "Share"
    account_ids = "All" # expect: AWS-SSM-002
  }
}
