resource "aws_docdb_cluster" "missing" { # expect: AWS-DOCDB-003
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
}

resource "aws_docdb_cluster" "explicit" {
  cluster_identifier = "catalog"
  master_username    = "catalog"
  manage_master_user_password = true
  enabled_cloudwatch_logs_exports = ["profiler"] # expect: AWS-DOCDB-003
}
