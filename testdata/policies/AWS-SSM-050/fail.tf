resource "aws_ssm_document" "session_preferences" { # expect: AWS-SSM-050
  name          = "SSM-SessionManagerRunShell"
  document_type = "Session"
  content = jsonencode({
    schemaVersion = "1.0"
    sessionType   = "Standard_Stream"
    inputs = {
      s3BucketName = "session-logs"
    }
  })
}
