resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2 # expect: AWS-EC2-019
  }
}
