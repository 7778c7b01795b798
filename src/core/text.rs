//! Messages built without `core::fmt`. Its machinery (`Formatter`, padding, integer formatting)
//! is a large share of a small `.wasm`, and the core's messages need only text and integers.

/// A piece of a message: text, an integer, or a [`Joined`] list.
pub trait Piece {
    /// Appends this piece to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for std::borrow::Cow<'_, str> {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

macro_rules! int_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                write_u64(out, self.unsigned_abs() as u64, *self < 0);
            }
        }
    )*};
}
macro_rules! uint_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                write_u64(out, *self as u64, false);
            }
        }
    )*};
}
int_piece!(i32, i64);
uint_piece!(u16, u32, u64, usize);

/// Items written one after another with a separator between them.
pub struct Joined<'a, T>(pub &'a [T], pub &'static str);

impl<T: Piece> Piece for Joined<'_, T> {
    fn push_to(&self, out: &mut String) {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(self.1);
            }
            item.push_to(out);
        }
    }
}

/// Appends a decimal integer.
pub fn write_u64(out: &mut String, mut n: u64, negative: bool) {
    if negative {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// Concatenates pieces (text, integers, [`Joined`] lists) into a `String`.
macro_rules! cat {
    ($($piece:expr),* $(,)?) => {{
        let mut out = String::new();
        $( $crate::core::text::Piece::push_to(&$piece, &mut out); )*
        out
    }};
}
pub(crate) use cat;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_concatenate_like_format() {
        let n: i64 = -1234;
        let list = ["mp3", "wav"];
        assert_eq!(
            cat!(
                "got ",
                n,
                ", max ",
                u64::MAX,
                "; use ",
                Joined(&list, " or "),
                '.'
            ),
            format!("got {n}, max {}; use mp3 or wav.", u64::MAX)
        );
        assert_eq!(cat!(0u16, i64::MIN), format!("0{}", i64::MIN));
    }
}
