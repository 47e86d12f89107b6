resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([ # expect: AWS-ECS-009
    {
      name             = "web"
      image            = "nginx:1.27"
      logConfiguration = { logDriver = "awslogs", options = { awslogs-group = "web" } }
    },
    { name = "sidecar", image = "envoyproxy/envoy:v1.31.0" },
  ])
}
