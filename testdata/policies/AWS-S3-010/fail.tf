resource "aws_s3_bucket" "legacy" {
  bucket = "legacy-public"
  acl    = "public-read" # expect: AWS-S3-010
}

resource "aws_s3_bucket_acl" "split" {
  bucket = "split-public"
  acl    = "public-read-write" # expect: AWS-S3-010
}

resource "aws_s3_bucket_acl" "grant" {
  bucket = "grant-public"
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" # expect: AWS-S3-010
      }
      permission = "READ"
    }
    owner {
      id = "abc"
    }
  }
}
