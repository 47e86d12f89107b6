resource "aws_networkfirewall_rule_group" "empty" { # expect: AWS-NETWORKFIREWALL-006
  name     = "empty"
  type     = "STATELESS"
  capacity = 10
  rule_group {
    rules_source {
      stateless_rules_and_custom_actions {
        custom_action {
          action_name = "metric"
          action_definition {
            publish_metric_action {
              dimension {
                value = "empty"
              }
            }
          }
        }
      }
    }
  }
}
