variable "recording" {
  type = bool
}

resource "aws_config_configuration_recorder" "this" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_config_configuration_recorder_status" "from_variable" {
  name       = "other"
  is_enabled = var.recording
}
