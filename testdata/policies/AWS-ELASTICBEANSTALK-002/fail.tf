resource "aws_elastic_beanstalk_environment" "web" { # expect: AWS-ELASTICBEANSTALK-002
  name                = "web"
  application         = "shop"
  solution_stack_name = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"
}

resource "aws_elastic_beanstalk_environment" "other" { # expect: AWS-ELASTICBEANSTALK-002
  name                = "other"
  application         = "shop"
  solution_stack_name = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"
  setting {
    namespace = "aws:elasticbeanstalk:managedactions"
    name      = "ManagedActionsEnabled"
    value     = "false"
  }
}
