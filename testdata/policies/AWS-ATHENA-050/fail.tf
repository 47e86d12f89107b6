resource "aws_athena_workgroup" "default_encryption" { # expect: AWS-ATHENA-050
  name = "default-encryption"
}

resource "aws_athena_workgroup" "s3_key" {
  name = "s3-key"
  configuration {
    result_configuration {
      output_location = "s3://results/"
      encryption_configuration {
        encryption_option = "SSE_S3" # expect: AWS-ATHENA-050
      }
    }
  }
}
