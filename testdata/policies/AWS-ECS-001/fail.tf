resource "aws_ecs_task_definition" "agent" {
  family                = "agent"
  container_definitions = jsonencode([ # expect: AWS-ECS-001
    { name = "app", image = "public.ecr.aws/nginx/nginx:1.27", memory = 256 },
    { name = "agent", image = "public.ecr.aws/datadog/agent:7", memory = 256, privileged = true },
  ])
}

resource "aws_ecs_task_definition" "literal" {
  family                = "literal"
  container_definitions = "[{\"name\": \"app\", \"image\": \"nginx:1.27\", \"privileged\": true}]" # expect: AWS-ECS-001
}
