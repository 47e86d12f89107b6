resource "aws_appsync_graphql_api" "api" {
  name = "api"
  authentication_type = "API_KEY" # expect: AWS-APPSYNC-002
}

resource "aws_appsync_graphql_api" "mixed" {
  name                = "mixed"
  authentication_type = "AWS_IAM"
  additional_authentication_provider {
    authentication_type = "API_KEY" # expect: AWS-APPSYNC-002
  }
}
