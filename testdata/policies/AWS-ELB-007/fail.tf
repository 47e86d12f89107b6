resource "aws_lb" "web" { # expect: AWS-ELB-007
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]
}

# A bucket alone does not turn logging on: `enabled` defaults to false.
resource "aws_lb" "bucket_only" { # expect: AWS-ELB-007
  name    = "bucket-only"
  subnets = ["subnet-1", "subnet-2"]
  access_logs {
    bucket = "lb-logs"
  }
}
