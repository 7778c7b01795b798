//! Shared helpers: the vendor's own examples, read verbatim from a copy of the vendor's page.
#![allow(dead_code)]

use hifly_sdk::HttpResponse;
use serde_json::Value;

/// The vendor's API page, as published (a copy of `shared/spec/hifly-api-v2.md`).
pub const VENDOR_PAGE: &str = include_str!("../fixtures/hifly-api-v2.md");

/// The token used in the vendor's examples.
pub const TOKEN: &str = "YOUR_TOKEN";

/// One cURL example: its method, URL, `-H` headers and `-d` body.
#[derive(Debug)]
pub struct Curl {
    pub method: String,
    pub url: String,
    pub headers: Vec<String>,
    pub data: Option<String>,
}

fn code_blocks(lang: &str) -> Vec<String> {
    let fence = format!("```{lang}");
    let mut blocks = Vec::new();
    let mut rest = VENDOR_PAGE;
    while let Some(start) = rest.find(&fence) {
        let after = &rest[start..];
        let body_start = after.find('\n').expect("fence line") + 1;
        let end = after[body_start..].find("```").expect("closing fence");
        blocks.push(after[body_start..body_start + end].to_string());
        rest = &after[body_start + end + 3..];
    }
    blocks
}

/// Every ```json block of the page, in order. The page's HTML-to-Markdown export escaped some
/// brackets as `[\` and `{\` at line ends; a backslash before a newline can never be JSON, so
/// dropping it restores the vendor's text without changing any value.
pub fn json_examples() -> Vec<String> {
    code_blocks("json")
        .into_iter()
        .map(|b| {
            b.lines()
                .map(|l| l.strip_suffix('\\').unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// Every cURL example of the page, in order.
pub fn curl_examples() -> Vec<Curl> {
    code_blocks("bash")
        .into_iter()
        .map(|block| parse_curl(&block.replace("\\\n", " ")))
        .collect()
}

fn parse_curl(cmd: &str) -> Curl {
    let mut words = Vec::new();
    let mut chars = cmd.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\n' | '\t' => continue,
            '"' | '\'' => {
                let mut w = String::new();
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    w.push(d);
                }
                words.push(w);
            }
            _ => {
                let mut w = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_whitespace() {
                        break;
                    }
                    w.push(d);
                    chars.next();
                }
                words.push(w);
            }
        }
    }
    let mut curl = Curl {
        method: "GET".into(),
        url: String::new(),
        headers: Vec::new(),
        data: None,
    };
    let mut i = 1;
    while i < words.len() {
        match words[i].as_str() {
            "-X" => {
                curl.method = words[i + 1].clone();
                i += 1;
            }
            "-H" => {
                curl.headers.push(words[i + 1].clone());
                i += 1;
            }
            "-d" => {
                curl.data = Some(words[i + 1].clone());
                i += 1;
            }
            "-T" => i += 1,
            w if w.starts_with("http") => curl.url = w.to_string(),
            _ => {}
        }
        i += 1;
    }
    curl
}

/// A response with status 200 and this body.
pub fn ok(body: &str) -> HttpResponse {
    HttpResponse::new(200, body.as_bytes())
}

/// Whether two JSON texts hold the same value, ignoring key order and number spelling.
pub fn same_json(a: &str, b: &str) -> bool {
    let a: Value = serde_json::from_str(a).expect("json a");
    let b: Value = serde_json::from_str(b).expect("json b");
    same(&a, &b)
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
