resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", essential = true }])
  volume {
    name = "cache"
  }
  volume {
    name = "shared"
    efs_volume_configuration { # expect: AWS-ECS-050
      file_system_id = "fs-0123456789abcdef0"
    }
  }
}

resource "aws_ecs_task_definition" "explicit" {
  family = "explicit"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", essential = true }])
  volume {
    name = "shared"
    efs_volume_configuration { # expect: AWS-ECS-050
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "DISABLED"
    }
  }
}
