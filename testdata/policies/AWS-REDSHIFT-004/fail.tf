resource "aws_redshift_cluster" "default" { # expect: AWS-REDSHIFT-004
  cluster_identifier = "default"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
}

resource "aws_redshift_cluster" "off" {
  cluster_identifier = "off"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  automated_snapshot_retention_period = 0 # expect: AWS-REDSHIFT-004
}
