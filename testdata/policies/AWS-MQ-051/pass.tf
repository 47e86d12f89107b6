variable "mq_password" {
  type = string
}

resource "aws_mq_broker" "cmk" {
  broker_name        = "cmk"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  encryption_options {
    use_aws_owned_key = false
    kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  user {
    username = "app"
    password = var.mq_password
  }
}

# RabbitMQ cannot use a customer managed key.
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
