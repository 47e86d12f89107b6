resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

resource "aws_instance" "default" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
