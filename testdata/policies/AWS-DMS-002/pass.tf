resource "aws_dms_replication_instance" "current" {
  replication_instance_id    = "current"
  replication_instance_class = "dms.t3.medium"
  auto_minor_version_upgrade = true
}
