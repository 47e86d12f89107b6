resource "aws_db_instance" "db" {
  identifier          = "app"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  username            = "app"
  password            = "Sup3rS3cretPassw0rd" # expect: AWS-SECRETS-001
  skip_final_snapshot = true
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
  environment {
    variables = {
      LOG_LEVEL   = "info"
      DB_PASSWORD = "hunter2hunter2" # expect: AWS-SECRETS-001
    }
  }
}

resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = local.worker_script # expect: AWS-SECRETS-001
}

variable "region" {
  type = string
}

resource "aws_instance" "interpolated" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = "#!/bin/bash\nexport AWS_REGION=${var.region} AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n" # expect: AWS-SECRETS-001
}

locals {
  worker_script = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
    ./worker
  EOT
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  user_data   = base64encode("#!/bin/bash\necho 'password=Sup3rS3cret' > /etc/app.conf\n") # expect: AWS-SECRETS-001
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{ # expect: AWS-SECRETS-001
    name        = "app"
    image       = "nginx:1.27"
    environment = [{ name = "API_KEY", value = "abcd1234efgh5678" }]
  }])
}

resource "aws_ssm_parameter" "token" {
  name  = "/app/token"
  type  = "SecureString"
  value = "tok_live_1234567890" # expect: AWS-SECRETS-001
}

# In a heredoc the finding points at the line that holds the secret, not at `<<EOT`.
resource "aws_lambda_function" "heredoc" {
  function_name = "heredoc"
  role          = "arn:aws:iam::111122223333:role/lambda"
  environment {
    variables = {
      BOOT = <<EOT
first line
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE # expect: AWS-SECRETS-001
EOT
    }
  }
}
