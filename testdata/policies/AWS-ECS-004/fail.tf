resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{ # expect: AWS-ECS-004
    name   = "api"
    image  = "example/api:1.4.2"
    memory = 512
    environment = [
      { name = "LOG_LEVEL", value = "info" },
      { name = "DB_PASSWORD", value = "correct-horse-battery" },
    ]
  }])
}
