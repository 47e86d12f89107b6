resource "aws_ebs_volume" "plain" { # expect: AWS-EC2-005
  availability_zone = "eu-west-1a"
  size              = 40
}

resource "aws_ebs_volume" "explicit" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = false # expect: AWS-EC2-005
}
