resource "aws_sagemaker_notebook_instance" "default" { # expect: AWS-SAGEMAKER-004
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}
