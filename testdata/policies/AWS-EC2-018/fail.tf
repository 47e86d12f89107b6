resource "aws_ebs_snapshot_block_public_access" "off" {
  state = "unblocked" # expect: AWS-EC2-018
}
