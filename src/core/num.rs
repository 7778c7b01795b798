//! Decimal numbers in and out, without the standard library's float formatting and parsing.
//!
//! `f64`'s `Display` and `FromStr` are exact for every double, and cost about a third of the
//! shipped `.wasm` with their tables. The API's numbers are durations, voice settings and
//! limits: a few significant digits. So parsing is exact whenever the digits fit a double's
//! 53-bit mantissa and the power of ten is at most 22 (Clinger's fast path, which covers every
//! number the API sends), and within a few units in the last place otherwise. Formatting writes
//! at most nine decimals.

/// The powers of ten that a double holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a decimal number in JSON's grammar (`-12.5e3`); `None` if it is not one.
pub fn parse_f64(s: &str) -> Option<f64> {
    parse(s, false)
}

/// Parses a number written as text in decimal notation more loosely than JSON does, as
/// JavaScript's `Number()`, Python's `float()` and Go's `ParseFloat` all read such text: a
/// leading `+`, leading zeros, and a bare point (`.5`, `5.`) are accepted. Hex, `Infinity`, `_`
/// separators and empty text are not. For numbers given as strings (voice settings).
pub fn parse_decimal(s: &str) -> Option<f64> {
    parse(s, true)
}

fn parse(s: &str, loose: bool) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let neg = b.first() == Some(&b'-');
    if neg || (loose && b.first() == Some(&b'+')) {
        i += 1;
    }
    let mut mantissa: u64 = 0;
    let mut exp10: i64 = 0;
    let mut digits = 0;
    let take = |d: u8, in_fraction: bool, mantissa: &mut u64, exp10: &mut i64| {
        if *mantissa < 1_000_000_000_000_000_000 {
            *mantissa = *mantissa * 10 + u64::from(d);
            if in_fraction {
                *exp10 -= 1;
            }
        } else if !in_fraction {
            // Digits beyond nineteen only scale the integer part.
            *exp10 += 1;
        }
    };
    let int_start = i;
    while let Some(&d @ b'0'..=b'9') = b.get(i) {
        take(d - b'0', false, &mut mantissa, &mut exp10);
        i += 1;
        digits += 1;
    }
    if !loose && (digits == 0 || (b[int_start] == b'0' && digits > 1)) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while let Some(&d @ b'0'..=b'9') = b.get(i) {
            take(d - b'0', true, &mut mantissa, &mut exp10);
            i += 1;
            digits += 1;
        }
        if i == frac_start && !loose {
            return None;
        }
    }
    // Loosely, a point alone is no number: a digit must stand on one side of it.
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let exp_neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let exp_start = i;
        let mut e: i64 = 0;
        while let Some(&d @ b'0'..=b'9') = b.get(i) {
            e = (e * 10 + i64::from(d - b'0')).min(100_000);
            i += 1;
        }
        if i == exp_start {
            return None;
        }
        exp10 += if exp_neg { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    let m = mantissa as f64;
    let value = if mantissa == 0 {
        0.0
    } else if (0..=22).contains(&exp10) {
        m * POW10[exp10 as usize]
    } else if (-22..0).contains(&exp10) {
        m / POW10[(-exp10) as usize]
    } else if exp10 > 308 + 19 {
        f64::INFINITY
    } else if exp10 < -343 {
        0.0
    } else if exp10 > 0 {
        m * 10f64.powi(exp10 as i32)
    } else {
        // Two steps keep 10^-exp10 finite for the smallest exponents.
        m / 1e22 / 10f64.powi((-exp10 - 22) as i32)
    };
    Some(if neg { -value } else { value })
}

/// A decimal integer (an optional sign, then ASCII digits) that fits in an `i64`, as
/// `str::parse::<i64>` reads it, without std's generic integer parser.
pub fn parse_int(raw: &str) -> Option<i64> {
    let (negative, digits) = match raw.as_bytes().first() {
        Some(b'-') => (true, &raw[1..]),
        Some(b'+') => (false, &raw[1..]),
        _ => (false, raw),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        let d = i64::from(b - b'0');
        n = n
            .checked_mul(10)?
            .checked_add(if negative { -d } else { d })?;
    }
    Some(n)
}

/// Writes a double as a short decimal: `1.0`, `0.49`, `-3.25`, `1234.5`; NaN and infinities by
/// their JavaScript names. At most nine decimals are kept.
pub fn format_f64(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    let a = v.abs();
    if a >= 1e9 {
        out.push_str(&(a as u64).to_string());
        out.push_str(".0");
        return out;
    }
    let scaled = (a * 1e9).round() as u64;
    out.push_str(&(scaled / 1_000_000_000).to_string());
    out.push('.');
    let frac = scaled % 1_000_000_000;
    if frac == 0 {
        out.push('0');
    } else {
        let digits = frac.to_string();
        for _ in digits.len()..9 {
            out.push('0');
        }
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_reads_what_std_reads() {
        for s in [
            "0",
            "7",
            "-7",
            "+7",
            "0042",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "-9223372036854775809",
            "",
            "-",
            "+",
            "1.0",
            "1e3",
            " 1",
            "1 ",
            "--1",
            "12a",
            "١٢",
        ] {
            assert_eq!(parse_int(s), s.parse::<i64>().ok(), "{s:?}");
        }
    }

    #[test]
    fn parses_like_the_standard_library_on_the_fast_path() {
        for s in [
            "0",
            "-0",
            "1",
            "45",
            "45.0",
            "0.5",
            "2.0",
            "1.2",
            "0.1",
            "12.5",
            "-3.25",
            "1e3",
            "1E-3",
            "2.5e+2",
            "123456789012345678",
            "0.000001",
            "9007199254740993",
            "1e22",
            "1e-22",
            "3.14159265358979",
        ] {
            assert_eq!(parse_f64(s), Some(s.parse::<f64>().unwrap()), "{s}");
        }
    }

    #[test]
    fn stays_close_off_the_fast_path() {
        for s in [
            "1e300",
            "1.5e308",
            "5e-324",
            "1e-300",
            "12345678901234567890123",
            "0.1e-30",
        ] {
            let ours = parse_f64(s).unwrap();
            let std: f64 = s.parse().unwrap();
            assert!(
                (ours - std).abs() <= std.abs() * 1e-14,
                "{s}: {ours} vs {std}"
            );
        }
        assert_eq!(parse_f64("1e999"), Some(f64::INFINITY));
        assert_eq!(parse_f64("1e-999"), Some(0.0));
        assert_eq!(parse_f64("1e99999999999999999999"), Some(f64::INFINITY));
    }

    #[test]
    fn refuses_what_is_not_a_json_number() {
        for s in [
            "", "-", "+1", "01", "1.", ".5", "1e", "1e+", "NaN", "Infinity", "1.2.3", "0x10", " 1",
            "1 ",
        ] {
            assert_eq!(parse_f64(s), None, "{s:?}");
        }
    }

    #[test]
    fn reads_decimal_strings_as_number_does() {
        for (s, want) in [
            (".5", 0.5),
            ("5.", 5.0),
            ("+1", 1.0),
            ("+.5", 0.5),
            ("-.5", -0.5),
            ("01.50", 1.5),
            ("000", 0.0),
            ("1.e1", 10.0),
            ("1.0", 1.0),
            ("2.5e-1", 0.25),
        ] {
            assert_eq!(parse_decimal(s), Some(want), "{s:?}");
        }
        for s in [
            "", "+", "-", ".", "+.", "e5", ".e5", "1e", "--1", "+-1", "1..2", "1.2.3", "0x10",
            " 1", "1 ", "NaN", "Infinity", "1_0",
        ] {
            assert_eq!(parse_decimal(s), None, "{s:?}");
        }
    }

    #[test]
    fn formats_short_decimals() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (1.0, "1.0"),
            (2.0, "2.0"),
            (0.5, "0.5"),
            (0.49, "0.49"),
            (1.2, "1.2"),
            (0.1, "0.1"),
            (2.01, "2.01"),
            (-1.0, "-1.0"),
            (-3.25, "-3.25"),
            (1234.5, "1234.5"),
            (0.000000001, "0.000000001"),
            (1e12, "1000000000000.0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_f64(v), want, "{v}");
        }
    }
}
