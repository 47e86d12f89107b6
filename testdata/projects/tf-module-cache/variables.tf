variable "db_public" {
  type    = bool
  default = false
}
