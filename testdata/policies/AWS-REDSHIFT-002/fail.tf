resource "aws_redshift_cluster" "plain" {
  cluster_identifier = "plain"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  encrypted = false # expect: AWS-REDSHIFT-002
}
