resource "aws_efs_access_point" "app" { # expect: AWS-EFS-003
  file_system_id = "fs-0123456789abcdef0"
}

resource "aws_efs_access_point" "root" {
  file_system_id = "fs-0123456789abcdef0"
  root_directory {
    path = "/" # expect: AWS-EFS-003
  }
}
