resource "aws_redshift_cluster" "wh" {
  cluster_identifier          = "wh"
  node_type                   = "ra3.xlplus"
  master_username             = "wh_owner"
  manage_master_password      = true
  enhanced_vpc_routing        = true
}
