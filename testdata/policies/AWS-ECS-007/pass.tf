resource "aws_ecs_task_definition" "exporter" {
  family                = "exporter"
  network_mode          = "host"
  container_definitions = jsonencode([{ name = "node-exporter", image = "prom/node-exporter:v1.8.2", user = "65534" }])
}

resource "aws_ecs_task_definition" "bridge" {
  family                = "web"
  container_definitions = jsonencode([{ name = "web", image = "nginx:1.27" }])
}
