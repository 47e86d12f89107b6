resource "aws_cloudwatch_log_group" "msk" {
  name = "msk-broker-logs"
}

resource "aws_msk_cluster" "cloudwatch" {
  cluster_name           = "events-cloudwatch"
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
        enabled   = true
        log_group = aws_cloudwatch_log_group.msk.name
      }
    }
  }
}

resource "aws_msk_cluster" "s3" {
  cluster_name           = "events-s3"
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
        enabled = false
      }
      s3 {
        enabled = true
        bucket  = "msk-logs"
      }
    }
  }
}
