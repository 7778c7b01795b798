//! JavaScript values in and out: params objects read field by field with typed errors, and
//! results written as plain objects with the wire's snake_case names.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::error::Failure;
use super::js;

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A params object being read. Unknown keys are refused, so a typo never silently drops a value.
pub struct Params {
    obj: JsValue,
}

fn js_type(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

impl Params {
    /// Reads `value` as the params of `what`; `undefined` and `null` are an empty object when
    /// `optional`.
    pub fn new(
        value: &JsValue,
        what: &'static str,
        allowed: &[&str],
        optional: bool,
    ) -> Result<Params, Failure> {
        if value.is_undefined() || value.is_null() {
            if optional {
                return Ok(Params {
                    obj: Object::new().into(),
                });
            }
            return Err(Failure::invalid(
                what,
                "an object of parameters is required",
            ));
        }
        if !value.is_object() || Array::is_array(value) || value.is_function() {
            return Err(Failure::invalid(
                what,
                format!("must be an object of parameters, got {}", js_type(value)),
            ));
        }
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(Failure::invalid(
                    what,
                    format!(
                        "unknown parameter `{key}`; the parameters are {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(Params { obj: value.clone() })
    }

    /// The raw value of a key; `undefined` and `null` read as absent.
    pub fn raw(&self, key: &str) -> Option<JsValue> {
        let v = js::get(&self.obj, key);
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    /// An optional string.
    pub fn opt_str(&self, key: &'static str) -> Result<Option<String>, Failure> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| {
                Failure::invalid(key, format!("must be a string, got {}", js_type(&v)))
            }),
        }
    }

    /// A required string.
    pub fn str(&self, key: &'static str) -> Result<String, Failure> {
        self.opt_str(key)?
            .ok_or_else(|| Failure::invalid(key, "is required"))
    }

    /// An optional integer (a JS number with no fraction, within the safe range).
    pub fn opt_int(&self, key: &'static str) -> Result<Option<i64>, Failure> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE => Ok(Some(n as i64)),
                Some(_) => Err(Failure::invalid(
                    key,
                    format!("must be an integer, got {}", describe(&v)),
                )),
                None => Err(Failure::invalid(
                    key,
                    format!("must be an integer, got {}", js_type(&v)),
                )),
            },
        }
    }

    /// A required finite number; a numeric string such as "1.2" is accepted, as the wire sends.
    pub fn number(&self, key: &'static str) -> Result<f64, Failure> {
        let v = self
            .raw(key)
            .ok_or_else(|| Failure::invalid(key, "is required"))?;
        let n = match (v.as_f64(), v.as_string()) {
            (Some(n), _) => Some(n),
            (None, Some(s)) => crate::core::num::parse_f64(s.trim()),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Ok(n),
            _ => Err(Failure::invalid(
                key,
                format!("must be a finite number, got {}", describe(&v)),
            )),
        }
    }

    /// An optional on/off flag: `true`/`false` or the wire's 1/0.
    pub fn opt_flag(&self, key: &'static str) -> Result<Option<bool>, Failure> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => match (v.as_bool(), v.as_f64()) {
                (Some(b), _) => Ok(Some(b)),
                (_, Some(n)) if n == 0.0 || n == 1.0 => Ok(Some(n == 1.0)),
                _ => Err(Failure::invalid(
                    key,
                    format!("must be true/false or 1/0, got {}", describe(&v)),
                )),
            },
        }
    }

    /// An optional function, such as a callback.
    pub fn opt_fn(&self, key: &'static str) -> Result<Option<js_sys::Function>, Failure> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) if v.is_function() => Ok(Some(v.unchecked_into())),
            Some(v) => Err(Failure::invalid(
                key,
                format!("must be a function, got {}", js_type(&v)),
            )),
        }
    }
}

/// A value for an error message: numbers and short strings as they are, else the type.
fn describe(v: &JsValue) -> String {
    if let Some(n) = v.as_f64() {
        return crate::core::num::format_f64(n);
    }
    match v.as_string() {
        Some(s) if s.chars().count() <= 20 => format!("\"{s}\""),
        _ => js_type(v),
    }
}

/// A required id passed as a plain argument, such as a task id.
pub fn id_arg(value: &JsValue, field: &'static str) -> Result<String, Failure> {
    value
        .as_string()
        .ok_or_else(|| Failure::invalid(field, format!("must be a string, got {}", js_type(value))))
}

/// A plain result object being written.
pub struct Out(Object);

impl Out {
    /// An empty object.
    pub fn new() -> Out {
        Out(Object::new())
    }

    /// Sets a value.
    pub fn set(self, key: &str, v: impl Into<JsValue>) -> Out {
        js::set(&self.0, key, v);
        self
    }

    /// Sets a value when there is one; the key is left out otherwise.
    pub fn opt(self, key: &str, v: Option<impl Into<JsValue>>) -> Out {
        match v {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// The finished object.
    pub fn done(self) -> JsValue {
        self.0.into()
    }
}
