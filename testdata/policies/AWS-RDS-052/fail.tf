resource "aws_db_snapshot" "nightly" {
  db_instance_identifier = "db"
  db_snapshot_identifier = "nightly"
  shared_accounts        = ["all"] # expect: AWS-RDS-052
}

resource "aws_db_cluster_snapshot" "weekly" {
  db_cluster_identifier          = "aurora"
  db_cluster_snapshot_identifier = "weekly"
  shared_accounts                = ["111122223333", "all"] # expect: AWS-RDS-052
}
