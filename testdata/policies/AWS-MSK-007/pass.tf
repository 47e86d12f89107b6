resource "aws_mskconnect_connector" "sink" {
  name                       = "sink"
  kafkaconnect_version       = "2.7.1"
  service_execution_role_arn = "arn:aws:iam::111122223333:role/connect"
  connector_configuration = {
    "connector.class" = "io.confluent.connect.s3.S3SinkConnector"
  }
  capacity {
    provisioned_capacity {
      worker_count = 1
    }
  }
  kafka_cluster {
    apache_kafka_cluster {
      bootstrap_servers = "b-1.kafka.example:9098"
      vpc {
        security_groups = ["sg-0123456789abcdef0"]
        subnets         = ["subnet-0a1b2c3d"]
      }
    }
  }
  kafka_cluster_client_authentication {
    authentication_type = "IAM"
  }
  plugin {
    custom_plugin {
      arn      = "arn:aws:kafkaconnect:eu-west-1:111122223333:custom-plugin/s3/0123"
      revision = 1
    }
  }
  kafka_cluster_encryption_in_transit {
    encryption_type = "TLS"
  }
  log_delivery {
    worker_log_delivery {
      s3 {
        enabled = true
        bucket  = "connect-logs"
      }
    }
  }
}
