variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "quiet" { # expect: AWS-MQ-053
  broker_name        = "quiet"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.t3.micro"
  user {
    username = "app"
    password = var.mq_password
  }
}

resource "aws_mq_broker" "audit_only" {
  broker_name        = "audit-only"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  logs {
    audit   = true
    general = false # expect: AWS-MQ-053
  }
  user {
    username = "app"
    password = var.mq_password
  }
}
