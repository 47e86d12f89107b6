resource "aws_workspaces_workspace" "encrypted" {
  directory_id                   = "d-1234567890"
  bundle_id                      = "wsb-bh8rsxt14"
  user_name                      = "analyst"
  user_volume_encryption_enabled = true
  root_volume_encryption_enabled = true
  volume_encryption_key          = "alias/workspaces"
}
