variable "key_id" {
  type = string
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "configurable" {
  name              = "configurable"
  kms_master_key_id = var.key_id
}
