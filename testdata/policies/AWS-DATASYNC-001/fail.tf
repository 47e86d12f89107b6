resource "aws_datasync_task" "copy" { # expect: AWS-DATASYNC-001
  source_location_arn      = "arn:aws:datasync:eu-west-1:111122223333:location/loc-0123"
  destination_location_arn = "arn:aws:datasync:eu-west-1:111122223333:location/loc-0456"
}
