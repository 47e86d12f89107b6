resource "aws_athena_workgroup" "analysts" {
  name = "analysts"
  configuration {
    enforce_workgroup_configuration = true
    result_configuration {
      output_location = "s3://results/"
      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }
    }
  }
}
