resource "aws_redshift_cluster" "wh" {
  cluster_identifier          = "wh"
  node_type                   = "ra3.xlplus"
  master_username             = "awsuser" # expect: AWS-REDSHIFT-012
  manage_master_password      = true
}
