variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "default_key" { # expect: AWS-MQ-051
  broker_name        = "default-key"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  user {
    username = "app"
    password = var.mq_password
  }
}

resource "aws_mq_broker" "owned_key" {
  broker_name        = "owned-key"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  encryption_options {
    use_aws_owned_key = true # expect: AWS-MQ-051
  }
  user {
    username = "app"
    password = var.mq_password
  }
}
