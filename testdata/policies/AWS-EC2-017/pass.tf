resource "aws_ami_launch_permission" "partner" {
  image_id   = "ami-0abcdef1234567890"
  account_id = "111122223333"
}
