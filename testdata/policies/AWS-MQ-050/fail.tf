variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "public" {
  broker_name         = "public"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.t3.micro"
  publicly_accessible = true # expect: AWS-MQ-050
  user {
    username = "app"
    password = var.mq_password
  }
}
