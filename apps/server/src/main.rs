fn main() -> std::process::ExitCode {
    socialflow_server::cli::main()
}
