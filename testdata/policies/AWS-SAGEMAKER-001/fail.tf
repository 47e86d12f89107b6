resource "aws_sagemaker_notebook_instance" "default" { # expect: AWS-SAGEMAKER-001
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "explicit" {
  name                   = "research-vpc"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0abc"
  security_groups        = ["sg-0abc"]
  direct_internet_access = "Enabled" # expect: AWS-SAGEMAKER-001
}
