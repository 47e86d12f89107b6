resource "aws_ecs_task_definition" "exporter" {
  family                = "exporter"
  network_mode          = "host" # expect: AWS-ECS-002
  container_definitions = jsonencode([{ name = "node-exporter", image = "prom/node-exporter:v1.8.2", memory = 128 }])
}
