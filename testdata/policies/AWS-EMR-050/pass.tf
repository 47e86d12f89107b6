resource "aws_emr_security_configuration" "secure" {
  name = "secure"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      EnableInTransitEncryption = true
    }
  })
}
