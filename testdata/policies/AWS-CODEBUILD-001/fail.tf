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
    type     = "BITBUCKET"
    location = "https://ci-bot:Xk2pLm9QrT4vWz8N@bitbucket.org/team/app.git" # expect: AWS-CODEBUILD-001
  }
}

resource "aws_codebuild_project" "tools" {
  name         = "tools"
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
  secondary_sources {
    source_identifier = "tools"
    type              = "BITBUCKET"
    location          = "https://x-token-auth:ATBBq8W2rT5yU3iO@bitbucket.org/team/tools.git" # expect: AWS-CODEBUILD-001
  }
}
