resource "aws_iam_policy" "from_file" {
  name   = "from-file"
  policy = file("${path.module}/policies/admin.json")
}

resource "aws_iam_policy" "from_template" {
  name = "from-template"
  policy = templatefile("${path.module}/policies/template.json.tftpl", {
    action = "*"
  })
}

resource "aws_iam_policy" "outside" {
  name   = "outside"
  policy = file("${path.module}/../../../../outside-secret.json")
}
