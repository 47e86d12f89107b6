resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  image_id    = "ami-0abcdef1234567890"
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}
