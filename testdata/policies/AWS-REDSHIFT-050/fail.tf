resource "aws_redshift_cluster" "dw" { # expect: AWS-REDSHIFT-050
  cluster_identifier = "dw"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
}

resource "aws_redshift_cluster" "encrypted" { # expect: AWS-REDSHIFT-050
  cluster_identifier = "encrypted"
  node_type          = "ra3.xlplus"
  encrypted          = true
}
