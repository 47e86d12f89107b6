resource "aws_workspaces_workspace" "plain" { # expect: AWS-WORKSPACES-050
  directory_id = "d-1234567890"
  bundle_id    = "wsb-bh8rsxt14"
  user_name    = "analyst"
}

resource "aws_workspaces_workspace" "half" {
  directory_id                   = "d-1234567890"
  bundle_id                      = "wsb-bh8rsxt14"
  user_name                      = "engineer"
  user_volume_encryption_enabled = true
  root_volume_encryption_enabled = false # expect: AWS-WORKSPACES-050
}
