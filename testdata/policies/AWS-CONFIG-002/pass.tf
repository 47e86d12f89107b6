resource "aws_config_configuration_recorder" "primary" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

# A secondary region's recorder that leaves the setting out is not reported.
resource "aws_config_configuration_recorder" "secondary" {
  name     = "secondary"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
}
