resource "aws_docdb_cluster" "default_key" { # expect: AWS-DOCDB-050
  cluster_identifier = "docs"
  master_username    = "docs"
  storage_encrypted = true
}
