resource "aws_redshift_cluster" "default" {
  cluster_identifier = "default"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
}
