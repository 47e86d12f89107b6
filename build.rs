// The built-in policies are embedded with include_dir; a new or changed policy file must rebuild.
fn main() {
    println!("cargo:rerun-if-changed=policies");
}
