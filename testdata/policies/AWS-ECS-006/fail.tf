resource "aws_ecs_cluster" "main" { # expect: AWS-ECS-006
  name = "main"
}

resource "aws_ecs_cluster" "disabled" { # expect: AWS-ECS-006
  name = "disabled"
  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}
