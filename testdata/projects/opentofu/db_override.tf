# Replaced by db_override.tofu: OpenTofu never reads it.
resource "aws_db_instance" "db" {
  publicly_accessible = false
  engine              = "mysql"
}
