variable "internet_access" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "private" {
  name                   = "research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0abc"
  security_groups        = ["sg-0abc"]
  direct_internet_access = "Disabled"
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_sagemaker_notebook_instance" "from_variable" {
  name                   = "research-var"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0abc"
  security_groups        = ["sg-0abc"]
  direct_internet_access = var.internet_access
}
