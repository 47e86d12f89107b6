resource "aws_ebs_snapshot_block_public_access" "on" {
  state = "block-all-sharing"
}
