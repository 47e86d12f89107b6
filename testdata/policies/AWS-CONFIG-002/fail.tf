resource "aws_config_configuration_recorder" "no_global" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
  recording_group {
    all_supported                 = true
    include_global_resource_types = false # expect: AWS-CONFIG-002
  }
}
