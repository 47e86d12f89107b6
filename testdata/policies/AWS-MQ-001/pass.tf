variable "upgrade" {
  type = bool
}

resource "aws_mq_broker" "upgraded" {
  broker_name                = "upgraded"
  engine_type                = "ActiveMQ"
  engine_version             = "5.17.6"
  host_instance_type         = "mq.t3.micro"
  auto_minor_version_upgrade = true
}

# Unknown until deployment: not reported.
resource "aws_mq_broker" "variable" {
  broker_name                = "variable"
  engine_type                = "RabbitMQ"
  engine_version             = "3.13"
  host_instance_type         = "mq.m5.large"
  auto_minor_version_upgrade = var.upgrade
}
