resource "aws_docdb_cluster" "missing" { # expect: AWS-DOCDB-004
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
}

resource "aws_docdb_cluster" "explicit" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  deletion_protection = false # expect: AWS-DOCDB-004
}
