resource "aws_ami_launch_permission" "public" {
  image_id = "ami-0abcdef1234567890"
  group    = "all" # expect: AWS-EC2-017
}
