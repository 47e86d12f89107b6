resource "aws_ssm_document" "session_preferences" {
  name          = "SSM-SessionManagerRunShell"
  document_type = "Session"
  content = jsonencode({
    schemaVersion = "1.0"
    sessionType   = "Standard_Stream"
    inputs = {
      kmsKeyId = "alias/ssm-sessions"
    }
  })
}

resource "aws_ssm_document" "command" {
  name          = "restart"
  document_type = "Command"
  content = jsonencode({
    schemaVersion = "2.2"
    mainSteps     = [{ action = "aws:runShellScript", name = "restart", inputs = { runCommand = ["reboot"] } }]
  })
}
