resource "aws_sagemaker_model" "churn" { # expect: AWS-SAGEMAKER-007
  name               = "churn"
  execution_role_arn = "arn:aws:iam::111122223333:role/sagemaker"
  primary_container {
    image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/churn:1"
  }
}
