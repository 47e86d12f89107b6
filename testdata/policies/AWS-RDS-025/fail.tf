resource "aws_db_event_subscription" "clusters" {
  name        = "clusters"
  sns_topic   = "arn:aws:sns:eu-west-1:111122223333:rds-events"
  source_type = "db-cluster"
  event_categories = ["failure"] # expect: AWS-RDS-025
}

resource "aws_db_event_subscription" "instances" {
  name        = "instances"
  sns_topic   = "arn:aws:sns:eu-west-1:111122223333:rds-events"
  source_type = "db-instance"
  event_categories = ["failure", "maintenance"] # expect: AWS-RDS-025
}
