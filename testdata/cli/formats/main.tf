resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

# palisade:ignore:AWS-S3-002 assets are rebuilt from git
resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}

resource "aws_security_group" "ssh" {
  description = "bastion, \"temporary\" <b>"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "closed" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
