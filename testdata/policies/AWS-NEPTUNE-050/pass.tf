variable "key_arn" {
  type = string
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
}

resource "aws_neptune_cluster" "cmk" {
  cluster_identifier = "graph"
  storage_encrypted = true
  kms_key_arn = aws_kms_key.this.arn
}

resource "aws_neptune_cluster" "configurable" {
  cluster_identifier = "graph"
  storage_encrypted = true
  kms_key_arn = var.key_arn
}

# Not encrypted at all: another policy's finding.
resource "aws_neptune_cluster" "plain" {
  cluster_identifier = "graph"
}
