resource "aws_dms_replication_instance" "ha" {
  replication_instance_id    = "ha"
  replication_instance_class = "dms.t3.medium"
  multi_az                   = true
}
