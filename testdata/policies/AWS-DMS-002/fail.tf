resource "aws_dms_replication_instance" "old" {
  replication_instance_id    = "old"
  replication_instance_class = "dms.t3.medium"
  auto_minor_version_upgrade = false # expect: AWS-DMS-002
}
