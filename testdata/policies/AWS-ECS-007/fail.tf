resource "aws_ecs_task_definition" "exporter" {
  family                = "exporter"
  network_mode          = "host"
  container_definitions = jsonencode([{ name = "node-exporter", image = "prom/node-exporter:v1.8.2", memory = 128 }]) # expect: AWS-ECS-007
}

resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  network_mode = "host"
  container_definitions = jsonencode([ # expect: AWS-ECS-007
    { name = "a", image = "busybox:1.36", user = "1000" },
    { name = "b", image = "busybox:1.36", user = "0" },
  ])
}
