# palisade:ignore:AWS-S3-002 static assets are rebuilt from git
resource "aws_s3_bucket" "above" {
  bucket = "above"
}

resource "aws_s3_bucket" "trailing" { # palisade:ignore:AWS-S3-002 build cache
  bucket = "trailing"
}

// palisade:ignore:AWS-S3-002 double-slash comment
resource "aws_s3_bucket" "slashes" {
  bucket = "slashes"
}

# palisade:ignore:AWS-S3-002 temporary exp:2020-01-31
resource "aws_s3_bucket" "expired" {
  bucket = "expired"
}

# palisade:ignore:AWS-S3-002 until the migration exp:2099-12-31
resource "aws_s3_bucket" "not_expired" {
  bucket = "not-expired"
}

# palisade:ignore:AWS-S3-002
resource "aws_s3_bucket" "no_reason" {
  bucket = "no-reason"
}

resource "aws_s3_bucket" "checkov" {
  #checkov:skip=CKV_AWS_21:logs are write-once
  bucket = "checkov"
}

#tfsec:ignore:aws-s3-enable-versioning
resource "aws_s3_bucket" "tfsec" {
  bucket = "tfsec"
}

#trivy:ignore:AVD-AWS-0090
resource "aws_s3_bucket" "trivy" {
  bucket = "trivy"
}

# palisade:ignore:AWS-EC2-001,AWS-S3-002 two ids in one comment
resource "aws_s3_bucket" "several" {
  bucket = "several"
}

# palisade:ignore:AWS-EC2-001 nothing to suppress here
resource "aws_s3_bucket" "open" {
  bucket = "open"
}

resource "aws_security_group" "ssh" {
  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
    # palisade:ignore:AWS-EC2-001 bastion, reviewed by security
    cidr_blocks = ["0.0.0.0/0"]
  }
}
