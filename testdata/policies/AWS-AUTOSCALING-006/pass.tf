resource "aws_autoscaling_group" "web" {
  max_size            = 4
  min_size            = 2
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = "lt-0abcdef1234567890"
      }
      override {
        instance_type = "m6i.large"
      }
      override {
        instance_type = "m5.large"
      }
    }
  }
}

resource "aws_autoscaling_group" "abs" {
  max_size            = 4
  min_size            = 2
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = "lt-0abcdef1234567890"
      }
      override {
        instance_requirements {
          memory_mib {
            min = 4096
          }
          vcpu_count {
            min = 2
          }
        }
      }
    }
  }
}
