resource "aws_datasync_task" "copy" {
  source_location_arn      = "arn:aws:datasync:eu-west-1:111122223333:location/loc-0123"
  destination_location_arn = "arn:aws:datasync:eu-west-1:111122223333:location/loc-0456"
  cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:datasync"
}
