resource "aws_emr_security_configuration" "secure" {
  name = "secure"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption = true
    }
  })
}
