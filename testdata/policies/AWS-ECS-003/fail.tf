resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = jsonencode([ # expect: AWS-ECS-003
    { name = "app", image = "nginx:1.27", memory = 256, readonlyRootFilesystem = true },
    { name = "sidecar", image = "envoyproxy/envoy:v1.31.0", memory = 128 },
  ])
}
