resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = "main"
  task_definition = "web:3"
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    assign_public_ip = true # expect: AWS-ECS-005
  }
}
