resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", essential = true }])
  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "ENABLED"
    }
  }
}

resource "aws_ecs_task_definition" "no_efs" {
  family = "no-efs"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", essential = true }])
  volume {
    name = "cache"
  }
}
