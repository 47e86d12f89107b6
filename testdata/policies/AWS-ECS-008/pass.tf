resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = jsonencode([{ name = "web", image = "nginx:1.27" }])
}

resource "aws_ecs_task_definition" "shared" {
  family                = "shared"
  pid_mode              = "task"
  container_definitions = jsonencode([{ name = "web", image = "nginx:1.27" }])
}
