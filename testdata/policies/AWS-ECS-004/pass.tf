variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name   = "api"
    image  = "example/api:1.4.2"
    memory = 512
    environment = [
      { name = "LOG_LEVEL", value = "info" },
      { name = "DB_PASSWORD_SECRET_ARN", value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
      { name = "REQUIRE_TOKEN", value = "true" },
    ]
    secrets = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }]
  }])
}

resource "aws_ecs_task_definition" "from_variable" {
  family = "from-variable"
  container_definitions = jsonencode([{
    name        = "api"
    image       = "example/api:1.4.2"
    environment = [{ name = "DB_PASSWORD", value = var.db_password }]
  }])
}
