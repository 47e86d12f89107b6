variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "logged" {
  broker_name        = "logged"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.t3.micro"
  logs {
    general = true
  }
  user {
    username = "app"
    password = var.mq_password
  }
}
