resource "aws_dms_replication_instance" "single" { # expect: AWS-DMS-003
  replication_instance_id    = "single"
  replication_instance_class = "dms.t3.medium"
}

resource "aws_dms_replication_instance" "off" {
  replication_instance_id    = "off"
  replication_instance_class = "dms.t3.medium"
  multi_az                   = false # expect: AWS-DMS-003
}
