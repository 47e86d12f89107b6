resource "aws_dms_replication_instance" "default" { # expect: AWS-DMS-001
  replication_instance_id    = "default"
  replication_instance_class = "dms.t3.medium"
}

resource "aws_dms_replication_instance" "public" {
  replication_instance_id    = "public"
  replication_instance_class = "dms.t3.medium"
  publicly_accessible        = true # expect: AWS-DMS-001
}
