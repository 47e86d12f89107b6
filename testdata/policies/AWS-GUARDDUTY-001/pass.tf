resource "aws_guardduty_detector" "default" {
}

resource "aws_guardduty_detector" "explicit" {
  enable = true
}
