resource "aws_networkfirewall_rule_group" "telnet" {
  name     = "drop-telnet"
  type     = "STATELESS"
  capacity = 10
  rule_group {
    rules_source {
      stateless_rules_and_custom_actions {
        stateless_rule {
          priority = 1
          rule_definition {
            actions = ["aws:drop"]
            match_attributes {
              destination_port {
                from_port = 23
                to_port   = 23
              }
            }
          }
        }
      }
    }
  }
}

resource "aws_networkfirewall_rule_group" "domains" {
  name     = "domains"
  type     = "STATEFUL"
  capacity = 100
  rule_group {
    rules_source {
      rules_source_list {
        generated_rules_type = "ALLOWLIST"
        target_types         = ["TLS_SNI"]
        targets              = [".example.com"]
      }
    }
  }
}
