resource "aws_sagemaker_endpoint_configuration" "default" { # expect: AWS-SAGEMAKER-005
  name = "model-serving"

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-model"
    initial_instance_count = 2
    instance_type          = "ml.m5.large"
  }
}
