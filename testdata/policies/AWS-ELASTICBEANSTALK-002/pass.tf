resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = "shop"
  solution_stack_name = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"
  setting {
    namespace = "aws:elasticbeanstalk:managedactions"
    name      = "ManagedActionsEnabled"
    value     = "true"
  }
}

resource "aws_elastic_beanstalk_environment" "saved" {
  name          = "saved"
  application   = "shop"
  template_name = "shop-baseline"
}
