resource "aws_ebs_volume" "default_key" { # expect: AWS-EC2-052
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted = true
}
