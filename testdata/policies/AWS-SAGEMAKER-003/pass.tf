variable "subnet_id" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "in_vpc" {
  name            = "research"
  role_arn        = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type   = "ml.t3.medium"
  subnet_id       = "subnet-0abc"
  security_groups = ["sg-0abc"]
}

# The subnet comes from a variable without a value: unknown, not reported.
resource "aws_sagemaker_notebook_instance" "from_variable" {
  name            = "research-var"
  role_arn        = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type   = "ml.t3.medium"
  subnet_id       = var.subnet_id
  security_groups = ["sg-0abc"]
}
