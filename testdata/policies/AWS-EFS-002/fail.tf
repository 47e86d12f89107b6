resource "aws_efs_file_system" "no_policy" { # expect: AWS-EFS-002
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system" "disabled" { # expect: AWS-EFS-002
  creation_token = "scratch"
  encrypted      = true
}

resource "aws_efs_backup_policy" "disabled" {
  file_system_id = aws_efs_file_system.disabled.id
  backup_policy {
    status = "DISABLED"
  }
}
