resource "aws_efs_file_system" "default_key" { # expect: AWS-EFS-050
  creation_token = "shared"
  encrypted = true
}
