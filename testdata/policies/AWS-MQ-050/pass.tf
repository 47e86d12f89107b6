variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "private" {
  broker_name        = "private"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.t3.micro"
  subnet_ids         = ["subnet-0123456789abcdef0"]
  user {
    username = "app"
    password = var.mq_password
  }
}
