variable "mutability" {
  type = string
}

resource "aws_ecr_repository" "immutable" {
  name                 = "immutable"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "configurable" {
  name                 = "configurable"
  image_tag_mutability = var.mutability
}
