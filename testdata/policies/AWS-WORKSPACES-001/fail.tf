resource "aws_workspaces_workspace" "alice" { # expect: AWS-WORKSPACES-001
  directory_id = "d-0123456789"
  bundle_id    = "wsb-0123456789"
  user_name    = "alice"
}

resource "aws_workspaces_workspace" "bob" {
  directory_id = "d-0123456789"
  bundle_id    = "wsb-0123456789"
  user_name    = "bob"
  user_volume_encryption_enabled = true
  root_volume_encryption_enabled = false # expect: AWS-WORKSPACES-001
  volume_encryption_key          = "alias/aws/workspaces"
}
