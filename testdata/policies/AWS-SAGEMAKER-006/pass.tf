resource "aws_sagemaker_endpoint_configuration" "model" {
  production_variants {
    variant_name           = "primary"
    model_name             = "churn"
    instance_type          = "ml.m5.large"
    initial_instance_count = 2
  }
}

resource "aws_sagemaker_endpoint_configuration" "serverless" {
  production_variants {
    variant_name = "primary"
    model_name   = "churn"
    serverless_config {
      max_concurrency   = 5
      memory_size_in_mb = 2048
    }
  }
}
