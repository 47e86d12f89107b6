resource "aws_db_event_subscription" "clusters" {
  name        = "clusters"
  sns_topic   = "arn:aws:sns:eu-west-1:111122223333:rds-events"
  source_type = "db-cluster"
  event_categories = ["failure", "maintenance", "notification"]
}

resource "aws_db_event_subscription" "all" {
  name        = "all"
  sns_topic   = "arn:aws:sns:eu-west-1:111122223333:rds-events"
  source_type = "db-instance"
}

resource "aws_db_event_subscription" "snapshots" {
  name        = "snapshots"
  sns_topic   = "arn:aws:sns:eu-west-1:111122223333:rds-events"
  source_type = "db-snapshot"
  event_categories = ["creation"]
}
