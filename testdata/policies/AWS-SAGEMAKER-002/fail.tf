resource "aws_sagemaker_notebook_instance" "default" { # expect: AWS-SAGEMAKER-002
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "explicit" {
  name          = "research-root"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  root_access   = "Enabled" # expect: AWS-SAGEMAKER-002
}
