resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{ name = "app", image = "nginx:1.27" }])
}

resource "aws_ecs_task_definition" "bridge" {
  family                = "bridge"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", memory = 256 }])
}
