variable "retention" {
  type = number
}

resource "aws_redshift_cluster" "week" {
  cluster_identifier = "week"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  automated_snapshot_retention_period = 7
}

resource "aws_redshift_cluster" "configurable" {
  cluster_identifier = "configurable"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  automated_snapshot_retention_period = var.retention
}
