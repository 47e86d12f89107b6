variable "identifier" {
  type = string
}

variable "publicly_accessible" {
  type = bool
}

variable "storage_encrypted" {
  type = bool
}

resource "aws_db_instance" "this" {
  identifier          = var.identifier
  instance_class      = "db.t3.micro"
  engine              = "postgres"
  publicly_accessible = var.publicly_accessible
  storage_encrypted   = var.storage_encrypted
}

output "id" {
  value = aws_db_instance.this.id
}
