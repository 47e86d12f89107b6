variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "from_var" {
  identifier          = "app"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  username            = "app"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_instance" "managed" {
  identifier                  = "managed"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  username                    = "app"
  manage_master_user_password = true
}

resource "random_password" "db" {
  length = 32
}

resource "aws_rds_cluster" "generated" {
  cluster_identifier = "generated"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = random_password.db.result
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
  environment {
    variables = {
      DB_SECRET_ARN     = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"
      DB_PASSWORD_PARAM = "/app/db/password"
      TOKEN_TTL         = "3600"
      DB_PASSWORD       = var.db_password
    }
  }
}

resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    DB_PASSWORD=$(aws ssm get-parameter --name /app/db/password --with-decryption --query Parameter.Value --output text)
    ./worker
  EOT
}

resource "aws_ssm_parameter" "token" {
  name  = "/app/token"
  type  = "SecureString"
  value = random_password.db.result
}
