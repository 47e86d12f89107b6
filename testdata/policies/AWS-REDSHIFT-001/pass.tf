variable "public" {
  type = bool
}

resource "aws_redshift_cluster" "private" {
  cluster_identifier = "private"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  publicly_accessible = false
}

resource "aws_redshift_cluster" "configurable" {
  cluster_identifier = "configurable"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  publicly_accessible = var.public
}
