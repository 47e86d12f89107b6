resource "aws_msk_cluster" "no_logging" { # expect: AWS-MSK-004
  cluster_name           = "events-no_logging"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }

  client_authentication {
    sasl {
      iam = true
    }
  }
}

resource "aws_msk_cluster" "disabled" {
  cluster_name           = "events-disabled"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled = false # expect: AWS-MSK-004
      }
    }
  }
}
