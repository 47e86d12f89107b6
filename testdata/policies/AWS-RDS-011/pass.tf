variable "multi_az" {
  type = bool
}

resource "aws_db_instance" "ha" {
  identifier     = "ha"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  multi_az       = true
}

resource "aws_db_instance" "configurable" {
  identifier     = "configurable"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  multi_az       = var.multi_az
}

resource "aws_db_instance" "replica" {
  identifier          = "replica"
  instance_class      = "db.m6g.large"
  replicate_source_db = aws_db_instance.ha.identifier
}
