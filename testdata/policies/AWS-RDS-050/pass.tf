variable "key" {
  type = string
}

resource "aws_rds_cluster" "cmk" {
  cluster_identifier = "cmk"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
  kms_key_id         = aws_kms_key.rds.arn
}

resource "aws_kms_key" "rds" {
  enable_key_rotation = true
}

resource "aws_rds_cluster" "configurable" {
  cluster_identifier = "configurable"
  engine             = "aurora-mysql"
  storage_encrypted  = true
  kms_key_id         = var.key
}

# Not encrypted at all: AWS-RDS-010's finding.
resource "aws_rds_cluster" "plain" {
  cluster_identifier = "plain"
  engine             = "aurora-mysql"
}

# Restored from a snapshot: the snapshot's key.
resource "aws_rds_cluster" "restored" {
  cluster_identifier  = "restored"
  engine              = "aurora-mysql"
  storage_encrypted   = true
  snapshot_identifier = "arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:nightly"
}
