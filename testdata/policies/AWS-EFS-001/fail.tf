resource "aws_efs_file_system" "shared" { # expect: AWS-EFS-001
  creation_token = "shared"
}

resource "aws_efs_file_system" "off" {
  creation_token = "off"
  encrypted      = false # expect: AWS-EFS-001
}
