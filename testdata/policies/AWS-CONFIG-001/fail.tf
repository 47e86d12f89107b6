resource "aws_config_configuration_recorder" "subset" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
  recording_group {
    all_supported = false # expect: AWS-CONFIG-001
    resource_types = [
      "AWS::EC2::Instance",
      "AWS::S3::Bucket",
    ]
  }
}

resource "aws_config_configuration_recorder" "exclusions" {
  name     = "exclusions"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
  recording_group {
    exclusion_by_resource_types { # expect: AWS-CONFIG-001
      resource_types = ["AWS::EC2::NetworkInterface"]
    }
    recording_strategy {
      use_only = "EXCLUSION_BY_RESOURCE_TYPES"
    }
  }
}
