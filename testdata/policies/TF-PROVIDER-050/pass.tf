terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    # The short form is a version constraint.
    null = "~> 3.2"
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
