module "again" {
  source = "../loop"
}

resource "aws_ebs_volume" "inside_loop" {
  availability_zone = "eu-west-1a"
  size              = 10
}
