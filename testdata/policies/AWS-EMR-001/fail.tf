resource "aws_emr_security_configuration" "plain" {
  name = "plain"
  configuration = jsonencode({ # expect: AWS-EMR-001
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = false
    }
  })
}

resource "aws_emr_security_configuration" "auth_only" {
  name = "auth-only"
  configuration = jsonencode({ # expect: AWS-EMR-001
    AuthenticationConfiguration = {}
  })
}
