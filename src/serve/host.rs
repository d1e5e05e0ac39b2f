//! Which names the server answers to (against DNS rebinding): a web page whose
//! name an attacker points at 127.0.0.1 sends its own name as `Host`, so only
//! this machine's names, addresses (a rebinding page cannot make its origin an
//! IP address), and the names given with `--allow-host` are answered. The same
//! rule as Vite's and webpack-dev-server's.

use std::net::IpAddr;

/// The names allowed besides the built-in ones.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    /// Lower case, without a port; `.example.org` allows its subdomains too.
    allowed: Vec<String>,
}

impl Hosts {
    /// This machine's names and addresses, and `allowed` (`--allow-host`).
    pub fn new(allowed: &[String]) -> Hosts {
        Hosts {
            allowed: allowed.iter().map(|a| a.to_ascii_lowercase()).collect(),
        }
    }

    /// Whether a request with this `Host` (or none) from `peer` is answered;
    /// `Err` holds the name refused, for the page that says how to allow it.
    pub fn check(&self, host: Option<&str>, peer: IpAddr) -> Result<(), String> {
        let Some(host) = host else {
            // HTTP/1.0 clients may send no Host; a browser always does.
            return if peer.is_loopback() {
                Ok(())
            } else {
                Err(String::new())
            };
        };
        let Some(name) = name_of(host) else {
            return Err(host.to_owned());
        };
        let name = name.trim_end_matches('.');
        let local = name == "localhost" || name.ends_with(".localhost");
        if local || name.parse::<IpAddr>().is_ok() || self.is_allowed(name) {
            Ok(())
        } else {
            Err(name.to_owned())
        }
    }

    fn is_allowed(&self, name: &str) -> bool {
        self.allowed.iter().any(|a| match a.strip_prefix('.') {
            Some(parent) => name == parent || name.ends_with(a.as_str()),
            None => name == a,
        })
    }
}

/// The name in a `Host` value, lower case, without its port: `[::1]:8000` →
/// `::1`, `Localhost:80` → `localhost`; nothing if it is not a host name.
fn name_of(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            (inside.to_owned(), after.strip_prefix(':'))
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name.to_owned(), Some(port)),
            None => (host.clone(), None),
        },
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b))
        && (host.starts_with('[') || !name.contains(':'));
    (port_ok && name_ok).then_some(name)
}

/// Reads one `--allow-host` value: a host name (or address), without a scheme,
/// path or port.
pub fn parse_allowed(value: &str) -> Result<String, String> {
    let bare = value.trim();
    let fix = "give the name alone, as the browser's address bar shows it between `http://` and the port, for example --allow-host directory.example.org";
    if bare.contains("://") || bare.contains('/') {
        return Err(format!("`{value}` is an address, not a host name; {fix}"));
    }
    match name_of(bare) {
        Some(name) if !name.trim_start_matches('.').is_empty() => {
            if bare.contains(':') && !bare.starts_with('[') {
                Err(format!("`{value}` has a port; {fix}"))
            } else {
                Ok(name)
            }
        }
        _ => Err(format!("`{value}` is not a host name; {fix}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn local_names_and_addresses_are_answered() {
        let hosts = Hosts::new(&["intranet.example".to_owned(), ".team.example".to_owned()]);
        for ok in [
            "localhost",
            "LocalHost:8000",
            "localhost.",
            "editor.localhost:8000",
            "127.0.0.1",
            "127.9.9.9:80",
            "[::1]",
            "[::1]:8000",
            "192.168.1.20:8000",
            "intranet.example",
            "Intranet.Example:443",
            "team.example",
            "a.team.example",
        ] {
            assert_eq!(hosts.check(Some(ok), LOOPBACK), Ok(()), "{ok}");
        }
    }

    #[test]
    fn other_names_are_refused_by_name() {
        let hosts = Hosts::new(&["intranet.example".to_owned()]);
        for (bad, name) in [
            ("attacker.example", "attacker.example"),
            ("attacker.example:8000", "attacker.example"),
            ("localhost.attacker.example", "localhost.attacker.example"),
            ("evil-intranet.example", "evil-intranet.example"),
            ("x.intranet.example", "x.intranet.example"),
            ("", ""),
            ("::1", "::1"),
            ("a b", "a b"),
            ("host:port", "host:port"),
        ] {
            assert_eq!(
                hosts.check(Some(bad), LOOPBACK),
                Err(name.to_owned()),
                "{bad}"
            );
        }
    }

    #[test]
    fn no_host_is_answered_only_from_this_machine() {
        let hosts = Hosts::default();
        assert_eq!(hosts.check(None, LOOPBACK), Ok(()));
        let lan: IpAddr = [192, 168, 1, 5].into();
        assert!(hosts.check(None, lan).is_err());
    }

    #[test]
    fn allow_host_values_are_names() {
        assert_eq!(
            parse_allowed("Intranet.Example"),
            Ok("intranet.example".to_owned())
        );
        assert_eq!(
            parse_allowed(".team.example"),
            Ok(".team.example".to_owned())
        );
        for bad in [
            "http://x.example",
            "x.example/",
            "x.example:8000",
            "",
            "a b",
            ".",
        ] {
            assert!(parse_allowed(bad).is_err(), "{bad}");
        }
    }
}
