resource "aws_ami_launch_permission" "public" {
  image_id = "ami-0abcdef1234567890"
  group    = "all" # expect: AWS-EC2-017
}

resource "aws_imagebuilder_distribution_configuration" "public" {
  name = "public"
  distribution {
    region = "eu-west-1"
    ami_distribution_configuration {
      launch_permission {
        user_groups = ["all"] # expect: AWS-EC2-017
      }
    }
  }
}
