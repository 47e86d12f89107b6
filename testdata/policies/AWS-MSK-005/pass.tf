variable "allow_unauthenticated" {
  type = bool
}

resource "aws_msk_cluster" "iam" {
  cluster_name           = "events-iam"
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

resource "aws_msk_cluster" "tls" {
  cluster_name           = "events-tls"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }

  client_authentication {
    unauthenticated = false
    tls {
      certificate_authority_arns = ["arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/abc"]
    }
  }
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_msk_cluster" "from_variable" {
  cluster_name           = "events-from_variable"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a", "subnet-0b", "subnet-0c"]
    security_groups = ["sg-0abc"]
  }

  client_authentication {
    unauthenticated = var.allow_unauthenticated
    sasl {
      iam = true
    }
  }
}
