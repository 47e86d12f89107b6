variable "setting" {}

resource "aws_docdb_cluster" "good" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  backup_retention_period = 14
}

resource "aws_docdb_cluster" "from_variable" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  backup_retention_period = var.setting
}
