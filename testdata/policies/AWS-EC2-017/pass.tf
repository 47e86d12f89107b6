resource "aws_ami_launch_permission" "partner" {
  image_id   = "ami-0abcdef1234567890"
  account_id = "111122223333"
}

resource "aws_imagebuilder_distribution_configuration" "org" {
  name = "org"
  distribution {
    region = "eu-west-1"
    ami_distribution_configuration {
      launch_permission {
        organization_arns = ["arn:aws:organizations::111122223333:organization/o-abc123"]
      }
    }
  }
}
