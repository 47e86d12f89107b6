resource "aws_redshift_cluster" "silent" { # expect: AWS-REDSHIFT-003
  cluster_identifier = "silent"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
}
