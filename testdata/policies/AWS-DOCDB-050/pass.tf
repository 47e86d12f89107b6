variable "key_arn" {
  type = string
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
}

resource "aws_docdb_cluster" "cmk" {
  cluster_identifier = "docs"
  master_username    = "docs"
  storage_encrypted = true
  kms_key_id = aws_kms_key.this.arn
}

resource "aws_docdb_cluster" "configurable" {
  cluster_identifier = "docs"
  master_username    = "docs"
  storage_encrypted = true
  kms_key_id = var.key_arn
}

# Not encrypted at all: another policy's finding.
resource "aws_docdb_cluster" "plain" {
  cluster_identifier = "docs"
  master_username    = "docs"
}
