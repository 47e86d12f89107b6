variable "setting" {}

resource "aws_docdb_cluster" "good" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  deletion_protection = true
}

resource "aws_docdb_cluster" "from_variable" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  deletion_protection = var.setting
}
