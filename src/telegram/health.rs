//! The health check a container runtime runs: `kz-residence-bot healthcheck`.

/// Asks the webhook listener (`listen`, as configured) for `/healthz`.
/// In polling mode (`None`) there is no listener and nothing to check.
pub fn check(listen: Option<String>) -> Result<(), String> {
    use std::io::{Read, Write};
    let Some(listen) = listen else {
        return Ok(());
    };
    let port = listen.rsplit(':').next().unwrap_or("8080");
    let address = format!("127.0.0.1:{port}");
    let timeout = std::time::Duration::from_secs(3);
    let socket: std::net::SocketAddr = address.parse().map_err(|e| format!("{address}: {e}"))?;
    let mut stream = std::net::TcpStream::connect_timeout(&socket, timeout)
        .map_err(|e| format!("{address}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    if answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!(
            "/healthz answered: {}",
            answer.lines().next().unwrap_or("nothing")
        ))
    }
}
