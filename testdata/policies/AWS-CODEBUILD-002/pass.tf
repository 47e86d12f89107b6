resource "aws_codebuild_project" "app" {
  name         = "app"
  service_role = "arn:aws:iam::111122223333:role/codebuild"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
    environment_variable {
      name  = "AWS_SECRET_ACCESS_KEY"
      type  = "SECRETS_MANAGER"
      value = "ci/aws-secret"
    }
    environment_variable {
      name  = "STAGE"
      value = "prod"
    }
  }
  source {
    type     = "GITHUB"
    location = "https://github.com/example/app.git"
  }
}
