resource "aws_msk_cluster" "public" {
  cluster_name           = "events-public"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]

    connectivity_info {
      public_access {
        type = "SERVICE_PROVIDED_EIPS" # expect: AWS-MSK-003
      }
    }
  }

  client_authentication {
    sasl {
      iam = true
    }
  }
}
