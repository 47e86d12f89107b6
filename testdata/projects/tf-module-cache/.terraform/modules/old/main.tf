# Never evaluated: the call asks for ~> 2.0 and this is 1.4.0.
resource "aws_db_instance" "old" {
  instance_class      = "db.t3.micro"
  engine              = "postgres"
  publicly_accessible = true
}
