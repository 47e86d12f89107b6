resource "aws_emr_security_configuration" "partial" { # expect: AWS-EMR-051
  name = "partial"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption = true
    }
  })
}

resource "aws_emr_security_configuration" "literal" { # expect: AWS-EMR-051
  name          = "literal"
  configuration = <<-JSON
    {"AuthenticationConfiguration": {}}
  JSON
}
