resource "aws_docdb_cluster" "missing" { # expect: AWS-DOCDB-002
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
}

resource "aws_docdb_cluster" "explicit" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  backup_retention_period = 3 # expect: AWS-DOCDB-002
}
