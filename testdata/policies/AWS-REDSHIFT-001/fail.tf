resource "aws_redshift_cluster" "default" { # expect: AWS-REDSHIFT-001
  cluster_identifier = "default"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
}

resource "aws_redshift_cluster" "public" {
  cluster_identifier = "public"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  publicly_accessible = true # expect: AWS-REDSHIFT-001
}
