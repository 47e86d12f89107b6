resource "aws_msk_cluster" "default" {
  cluster_name           = "events-default"
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

resource "aws_msk_cluster" "explicit" {
  cluster_name           = "events-explicit"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }

  encryption_info {
    encryption_in_transit {
      in_cluster = true
    }
  }
}
