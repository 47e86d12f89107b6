resource "aws_emr_security_configuration" "partial" { # expect: AWS-EMR-050
  name = "partial"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = false
      EnableInTransitEncryption = true
    }
  })
}

resource "aws_emr_security_configuration" "literal" { # expect: AWS-EMR-050
  name          = "literal"
  configuration = <<-JSON
    {"AuthenticationConfiguration": {}}
  JSON
}
