resource "aws_kms_key" "sagemaker" {
  description         = "SageMaker notebooks"
  enable_key_rotation = true
}

resource "aws_sagemaker_notebook_instance" "encrypted" {
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  kms_key_id    = aws_kms_key.sagemaker.arn
}
