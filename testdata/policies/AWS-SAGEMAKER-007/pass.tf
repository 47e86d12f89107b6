resource "aws_sagemaker_model" "churn" {
  name                     = "churn"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/churn:1"
  }
}
