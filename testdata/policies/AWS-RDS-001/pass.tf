resource "aws_db_instance" "encrypted" {
  identifier        = "encrypted"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  storage_encrypted = true
}

resource "aws_db_instance" "aurora_member" {
  identifier     = "aurora-1"
  engine         = "aurora-postgresql"
  instance_class = "db.r6g.large"
}

resource "aws_db_instance" "replica" {
  identifier          = "replica"
  instance_class      = "db.t4g.micro"
  replicate_source_db = aws_db_instance.encrypted.identifier
}
