resource "aws_redshift_cluster" "pinned" {
  cluster_identifier = "pinned"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  allow_version_upgrade = false # expect: AWS-REDSHIFT-005
}
