resource "aws_docdb_cluster" "missing" { # expect: AWS-DOCDB-001
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
}

resource "aws_docdb_cluster" "explicit" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  storage_encrypted = false # expect: AWS-DOCDB-001
}
