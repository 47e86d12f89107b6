variable "image" {
  type = string
}

resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", memory = 256, privileged = false }])
}

resource "aws_ecs_task_definition" "unknown" {
  family                = "unknown"
  container_definitions = jsonencode([{ name = "app", image = var.image, privileged = true }])
}
