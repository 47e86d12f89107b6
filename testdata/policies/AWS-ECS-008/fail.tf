resource "aws_ecs_task_definition" "agent" {
  family                = "agent"
  pid_mode              = "host" # expect: AWS-ECS-008
  container_definitions = jsonencode([{ name = "agent", image = "datadog/agent:7" }])
}
