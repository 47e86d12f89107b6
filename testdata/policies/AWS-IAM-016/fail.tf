resource "aws_iam_access_key" "deployer" { # expect: AWS-IAM-016
  user = "deployer"
}

resource "aws_iam_access_key" "explicit" {
  user   = "legacy"
  status = "Active" # expect: AWS-IAM-016
}
