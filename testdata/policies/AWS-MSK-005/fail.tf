resource "aws_msk_cluster" "no_auth" { # expect: AWS-MSK-005
  cluster_name           = "events-no_auth"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }
}

resource "aws_msk_cluster" "unauthenticated" {
  cluster_name           = "events-unauthenticated"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }

  client_authentication {
    unauthenticated = true # expect: AWS-MSK-005
    sasl {
      scram = true
    }
  }
}
