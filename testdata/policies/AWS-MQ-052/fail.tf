variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "quiet" { # expect: AWS-MQ-052
  broker_name        = "quiet"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  user {
    username = "app"
    password = var.mq_password
  }
}

resource "aws_mq_broker" "general_only" {
  broker_name        = "general-only"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  logs {
    general = true
    audit   = false # expect: AWS-MQ-052
  }
  user {
    username = "app"
    password = var.mq_password
  }
}
