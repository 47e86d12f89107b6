variable "setting" {}

resource "aws_docdb_cluster" "good" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  storage_encrypted = true
}

resource "aws_docdb_cluster" "from_variable" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  storage_encrypted = var.setting
}
