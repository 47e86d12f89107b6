resource "aws_db_snapshot" "nightly" {
  db_instance_identifier = "db"
  db_snapshot_identifier = "nightly"
  shared_accounts        = ["111122223333"]
}

resource "aws_db_cluster_snapshot" "weekly" {
  db_cluster_identifier          = "aurora"
  db_cluster_snapshot_identifier = "weekly"
}
