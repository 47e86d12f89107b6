resource "aws_codebuild_report_group" "tests" {
  name = "tests"
  type = "TEST"
  export_config {
    type = "S3"
    s3_destination {
      bucket              = "reports"
      encryption_disabled = true # expect: AWS-CODEBUILD-005
      encryption_key      = "alias/aws/s3"
    }
  }
}
