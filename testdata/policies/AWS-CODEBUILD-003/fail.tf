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
  }
  source {
    type     = "GITHUB"
    location = "https://github.com/example/app.git"
  }
  logs_config {
    s3_logs {
      status              = "ENABLED"
      location            = "build-logs/app"
      encryption_disabled = true # expect: AWS-CODEBUILD-003
    }
  }
}
