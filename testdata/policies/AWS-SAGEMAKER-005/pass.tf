resource "aws_sagemaker_endpoint_configuration" "encrypted" {
  name        = "model-serving"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-model"
    initial_instance_count = 2
    instance_type          = "ml.m5.large"
  }
}
