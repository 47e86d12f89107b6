variable "db" {
  type = object({
    name   = string
    public = optional(bool, true)
  })
}

resource "aws_db_instance" "this" {
  identifier          = var.db.name
  instance_class      = "db.t3.micro"
  engine              = "postgres"
  publicly_accessible = var.db.public
}
