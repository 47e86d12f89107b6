resource "aws_efs_access_point" "app" { # expect: AWS-EFS-004
  file_system_id = "fs-0123456789abcdef0"
}
