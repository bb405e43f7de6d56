fn main() -> std::process::ExitCode {
    congthuong::cli::main()
}
