#!/usr/bin/env python3
"""Writes a synthetic Terraform + CloudFormation repository with about N resources, for scaling runs.

    scripts/gen-synthetic.py OUT_DIR N          # e.g. 1000, 10000, 100000
    scripts/gen-synthetic.py --large OUT_DIR MB # one CloudFormation template of about MB megabytes

Half of the resources are Terraform: stacks of 100 evaluated instances each, built from local modules
called with for_each, split S3 resources (versioning, public access block, encryption as separate
resources), security groups with for_each rules, and count. The other half are CloudFormation templates
of 100 resources each, with Parameters, Conditions, Fn::If, !Ref and !Sub. Some resources are
deliberately insecure so that every policy family has work to do. Output is deterministic.
"""
import os
import sys

BUCKET_MODULE = '''variable "name" {}
variable "versioned" { default = true }

resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = { Name = var.name, owner = "team" }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

output "arn" { value = aws_s3_bucket.this.arn }
'''

SG_MODULE = '''variable "name" {}
variable "ports" { type = map(number) }
variable "cidr" { default = "10.0.0.0/8" }

resource "aws_security_group" "this" {
  name        = var.name
  description = "synthetic ${var.name}"
  vpc_id      = "vpc-123456"
}

resource "aws_security_group_rule" "ingress" {
  for_each          = var.ports
  type              = "ingress"
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = [each.key == "ssh" ? "0.0.0.0/0" : var.cidr]
  security_group_id = aws_security_group.this.id
  description       = "rule ${each.key}"
}
'''

# 10 bucket instances x 4 + 5 security groups x 5 + 15 rules + 20 buckets = 100 instances.
STACK = '''locals {{
  prefix  = "stack-{k}"
  buckets = toset([for i in range(10) : "${{local.prefix}}-b${{i}}"])
  groups  = {{ for i in range(5) : "g${{i}}" => {{ ssh = 22, https = 443, app = 8000 + i, db = 5432 }} }}
}}

module "buckets" {{
  source    = "../modules/bucket"
  for_each  = local.buckets
  name      = each.key
  versioned = each.key != "${{local.prefix}}-b3"
}}

module "sg" {{
  source   = "../modules/sg"
  for_each = local.groups
  name     = "${{local.prefix}}-${{each.key}}"
  ports    = each.value
}}

resource "aws_security_group_rule" "extra" {{
  count             = 15
  type              = "ingress"
  from_port         = 1000 + count.index
  to_port           = 1000 + count.index
  protocol          = "tcp"
  cidr_blocks       = ["10.${{count.index}}.0.0/16"]
  security_group_id = module.sg["g0"].id
}}

resource "aws_s3_bucket" "plain" {{
  count  = 20
  bucket = "${{local.prefix}}-plain-${{count.index}}"
  acl    = count.index == 0 ? "public-read" : "private"
}}
'''


def cfn_template(k, n=100):
    out = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        f"Description: synthetic template {k}",
        "Parameters:",
        "  Env:",
        "    Type: String",
        "    Default: prod",
        "    AllowedValues: [prod, dev]",
        "  SshCidr:",
        "    Type: String",
        "    Default: 0.0.0.0/0",
        "Conditions:",
        "  IsProd: !Equals [!Ref Env, prod]",
        "  IsDev: !Not [Condition: IsProd]",
        "Resources:",
    ]
    for i in range(n // 4):
        out += [
            f"  Bucket{i}:",
            "    Type: AWS::S3::Bucket",
            "    Properties:",
            f'      BucketName: !Sub "${{AWS::StackName}}-{k}-{i}"',
            "      VersioningConfiguration:",
            "        Status: !If [IsProd, Enabled, Suspended]",
            "      Tags:",
            "        - Key: owner",
            f"          Value: team-{i % 7}",
            f"  Group{i}:",
            "    Type: AWS::EC2::SecurityGroup",
            "    Properties:",
            f"      GroupDescription: group {i}",
            "      SecurityGroupIngress:",
            "        - IpProtocol: tcp",
            "          FromPort: 443",
            "          ToPort: 443",
            "          CidrIp: 10.0.0.0/8",
            f"  Ssh{i}:",
            "    Type: AWS::EC2::SecurityGroupIngress",
            "    Condition: IsProd" if i % 2 else "    Condition: IsDev",
            "    Properties:",
            f"      GroupId: !Ref Group{i}",
            "      IpProtocol: tcp",
            "      FromPort: 22",
            "      ToPort: 22",
            "      CidrIp: !Ref SshCidr",
            f"  Table{i}:",
            "    Type: AWS::DynamoDB::Table",
            "    Properties:",
            "      BillingMode: PAY_PER_REQUEST",
            "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]",
            "      KeySchema: [{AttributeName: id, KeyType: HASH}]",
            "      PointInTimeRecoverySpecification:",
            "        PointInTimeRecoveryEnabled: !If [IsProd, true, false]",
        ]
    return "\n".join(out) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def repo(out, n):
    stacks = max(1, n // 200)
    write(os.path.join(out, "tf/modules/bucket/main.tf"), BUCKET_MODULE)
    write(os.path.join(out, "tf/modules/sg/main.tf"), SG_MODULE)
    for k in range(stacks):
        write(os.path.join(out, f"tf/stack{k:05}/main.tf"), STACK.format(k=k))
        write(os.path.join(out, f"cfn/t{k:05}.yaml"), cfn_template(k))


def large(out, megabytes):
    path = os.path.join(out, "large.yaml")
    os.makedirs(out, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        body = cfn_template(0, 400)
        f.write(body)
        size, k = len(body), 1
        rest = body[body.index("Resources:\n") + len("Resources:\n"):]
        while size < megabytes * 1_000_000:
            # The same 400 resources again with unique logical ids.
            chunk = rest.replace("  Bucket", f"  B{k}x").replace("  Group", f"  G{k}x").replace("  Ssh", f"  S{k}x")
            chunk = chunk.replace("  Table", f"  T{k}x").replace("!Ref Group", f"!Ref G{k}x")
            f.write(chunk)
            size += len(chunk)
            k += 1


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--large":
        large(args[1], int(args[2]))
    elif len(args) == 2:
        repo(args[0], int(args[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
