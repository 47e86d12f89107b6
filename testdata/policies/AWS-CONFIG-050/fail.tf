resource "aws_config_configuration_aggregator" "some" { # expect: AWS-CONFIG-050
  name = "some"
  account_aggregation_source {
    account_ids = ["111122223333"]
    regions     = ["eu-west-1", "us-east-1"]
  }
}
