resource "aws_dms_replication_instance" "default" { # expect: AWS-DMS-050
  replication_instance_id    = "default"
  replication_instance_class = "dms.t3.micro"
}

resource "aws_dms_replication_instance" "public" {
  replication_instance_id    = "public"
  replication_instance_class = "dms.t3.micro"
  publicly_accessible        = true # expect: AWS-DMS-050
}
