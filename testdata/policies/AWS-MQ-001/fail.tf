resource "aws_mq_broker" "pinned" {
  broker_name                = "pinned"
  engine_type                = "ActiveMQ"
  engine_version             = "5.17.6"
  host_instance_type         = "mq.t3.micro"
  auto_minor_version_upgrade = false # expect: AWS-MQ-001
}

resource "aws_mq_broker" "unset" { # expect: AWS-MQ-001
  broker_name        = "unset"
  engine_type        = "ActiveMQ"
  engine_version     = "5.17.6"
  host_instance_type = "mq.t3.micro"
}
