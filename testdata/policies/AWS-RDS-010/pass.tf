variable "encrypted" {
  type = bool
}

resource "aws_rds_cluster" "encrypted" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  master_username    = "app"
  manage_master_user_password = true
  storage_encrypted  = true
}

# Decided at deploy time: unknown, not reported.
resource "aws_rds_cluster" "from_variable" {
  cluster_identifier = "billing"
  engine             = "aurora-mysql"
  master_username    = "app"
  manage_master_user_password = true
  storage_encrypted  = var.encrypted
}

# Restored clusters take the snapshot's encryption.
resource "aws_rds_cluster" "restored" {
  cluster_identifier  = "restored"
  engine              = "aurora-mysql"
  snapshot_identifier = "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:nightly"
}
