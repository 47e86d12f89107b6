resource "aws_redshift_cluster" "encrypted" {
  cluster_identifier = "encrypted"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  encrypted = true
}

# AWS's default since January 2025.
resource "aws_redshift_cluster" "default" {
  cluster_identifier = "default"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
}
