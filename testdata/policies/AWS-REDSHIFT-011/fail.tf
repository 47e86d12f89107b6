resource "aws_redshift_cluster" "wh" { # expect: AWS-REDSHIFT-011
  cluster_identifier          = "wh"
  node_type                   = "ra3.xlplus"
  master_username             = "wh_owner"
  manage_master_password      = true
}
