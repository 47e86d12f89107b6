resource "aws_redshift_cluster" "split" {
  cluster_identifier = "split"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
}

resource "aws_redshift_logging" "split" {
  cluster_identifier   = aws_redshift_cluster.split.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}

resource "aws_redshift_cluster" "inline" {
  cluster_identifier = "inline"
  node_type          = "ra3.xlplus"
  master_username    = "admin_user"
  manage_master_password = true
  logging {
    enable      = true
    bucket_name = "audit-logs"
  }
}
