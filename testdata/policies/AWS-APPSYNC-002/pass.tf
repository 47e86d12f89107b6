resource "aws_appsync_graphql_api" "api" {
  name = "api"
  authentication_type = "AWS_IAM"
}
