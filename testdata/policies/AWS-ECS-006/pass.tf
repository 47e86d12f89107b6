variable "insights" {
  type = string
}

resource "aws_ecs_cluster" "main" {
  name = "main"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster" "enhanced" {
  name = "enhanced"
  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
}

resource "aws_ecs_cluster" "from_variable" {
  name = "from-variable"
  setting {
    name  = "containerInsights"
    value = var.insights
  }
}
