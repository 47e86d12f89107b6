variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "audited" {
  broker_name        = "audited"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  logs {
    audit = true
  }
  user {
    username = "app"
    password = var.mq_password
  }
}

# RabbitMQ has no audit log.
resource "aws_mq_broker" "rabbit" {
  broker_name        = "rabbit"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.t3.micro"
  user {
    username = "app"
    password = var.mq_password
  }
}
