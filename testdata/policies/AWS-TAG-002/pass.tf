variable "extra_tags" {
  type = map(string)
}

resource "aws_rds_cluster" "tagged" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  tags = {
    BackupPlan = "daily-35d"
  }
}

# Tags merged from a variable without a value may hold the key: unknown, not reported.
resource "aws_s3_bucket" "merged" {
  bucket = "data"
  tags   = merge(var.extra_tags, { Owner = "platform" })
}

# Not a stateful resource type.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
