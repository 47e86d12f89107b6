resource "aws_s3_bucket" "top_of_body" {
  # palisade:ignore:AWS-S3-002 scratch space, rebuilt nightly
  bucket = "top-of-body"
}

resource "aws_s3_bucket" "own_line_after_blank" {
  bucket = "own-line-after-blank"

  # palisade:ignore:AWS-S3-002 build cache

  tags = { Team = "web" }
}

resource "aws_s3_bucket" "end_of_body" {
  bucket = "end-of-body"
  # palisade:ignore:AWS-S3-002 mirrors a public dataset
}

resource "aws_s3_bucket" "trailing_on_attribute" {
  bucket = "trailing-on-attribute" # palisade:ignore:AWS-S3-002 temporary files
}

resource "aws_s3_bucket" "inside_nested_block" {
  bucket = "inside-nested-block"
  versioning {
    # palisade:ignore:AWS-S3-002 versions are kept by the backup vault
    enabled = false
  }
}

resource "aws_s3_bucket" "checkov_top_of_body" {
  #checkov:skip=CKV_AWS_21:logs are write-once
  bucket = "checkov-top-of-body"
  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket" "other_policy" {
  # palisade:ignore:AWS-EC2-001 names another policy
  bucket = "other-policy"
}

resource "aws_s3_bucket" "open" {
  bucket = "open"
}

resource "aws_security_group" "above_nested_block" {
  name = "bastion"
  # palisade:ignore:AWS-EC2-001 bastion, reviewed by security
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "checkov_above_nested_block" {
  name = "bastion-checkov"
  #checkov:skip=CKV_AWS_24:bastion, reviewed by security
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "in_another_nested_block" {
  name = "jump"
  egress {
    # palisade:ignore:AWS-EC2-001 jump host, reviewed by security
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "open" {
  name = "open"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
