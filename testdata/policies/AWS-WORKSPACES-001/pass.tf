resource "aws_workspaces_workspace" "alice" {
  directory_id = "d-0123456789"
  bundle_id    = "wsb-0123456789"
  user_name    = "alice"
  user_volume_encryption_enabled = true
  root_volume_encryption_enabled = true
  volume_encryption_key          = "alias/aws/workspaces"
}
