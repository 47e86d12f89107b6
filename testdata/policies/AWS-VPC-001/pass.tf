resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}

variable "vpc_id" {
  type = string
}

# A flow log for a VPC given by variable: it might be this one, so this VPC is unknown, not reported.
resource "aws_vpc" "maybe" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_flow_log" "elsewhere" {
  vpc_id       = var.vpc_id
  traffic_type = "REJECT"
}
