variable "name" {
  type = string
}

variable "upstream" {
  type = string
}

resource "terraform_data" "this" {
  count            = 2
  input            = "${var.name}-${count.index}"
  triggers_replace = [var.upstream]
}
