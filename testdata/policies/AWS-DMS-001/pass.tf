resource "aws_dms_replication_instance" "private" {
  replication_instance_id    = "private"
  replication_instance_class = "dms.t3.medium"
  publicly_accessible        = false
}
