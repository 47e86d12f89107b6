resource "aws_guardduty_detector" "main" { # expect: AWS-GUARDDUTY-003
  enable = true
}

resource "aws_guardduty_detector_feature" "rds" {
  detector_id = aws_guardduty_detector.main.id
  name        = "RDS_LOGIN_EVENTS"
  status      = "DISABLED"
}

resource "aws_guardduty_detector" "legacy" {
  enable = true
  datasources {
    kubernetes {
      audit_logs {
        enable = false # expect: AWS-GUARDDUTY-003
      }
    }
  }
}
