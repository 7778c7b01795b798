//! JS values in and out: options objects read key by key (getters and Proxies that throw become
//! errors, never exceptions through the `.wasm`), params objects snapshotted by the JS engine and
//! read by serde-wasm-bindgen, and results written back.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, JsString, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::client::JsDoc;
use crate::core::response::Document;
use crate::core::Error;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, whose exception (a Proxy's `ownKeys` trap) is an `Err`, not a throw through
    /// the `.wasm`.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(o: &JsValue) -> Result<Array, JsValue>;
    /// A string, seen through a binding that catches: older runtimes lack `isWellFormed`.
    type MaybeWellFormed;
    /// `String.prototype.isWellFormed`, whose absence is an `Err`, not a throw.
    #[wasm_bindgen(method, js_name = isWellFormed, catch)]
    fn is_well_formed_checked(this: &MaybeWellFormed) -> Result<bool, JsValue>;
    /// `encodeURIComponent`, which throws a `URIError` on a lone surrogate.
    #[wasm_bindgen(js_name = encodeURIComponent, catch)]
    fn encode_uri_component(s: &JsString) -> Result<JsValue, JsValue>;
}

/// Whether `s` is valid Unicode (no lone surrogate): `String.prototype.isWellFormed` where the
/// runtime has it (Node 20, Chrome 111, Safari 16.4, Firefox 119), else `encodeURIComponent`,
/// which refuses exactly the same strings.
pub fn is_well_formed(s: &JsString) -> bool {
    s.unchecked_ref::<MaybeWellFormed>()
        .is_well_formed_checked()
        .unwrap_or_else(|_| encode_uri_component(s).is_ok())
}

use crate::client::{describe, is_array};

/// A JS value as a result object (serde-wasm-bindgen; integers as numbers, maps as objects).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::Decode {
            status: 200,
            reason: e.to_string(),
            snippet: String::new(),
        })
}

/// A string argument, such as a task id: a string of valid Unicode.
pub fn string_arg(v: &JsValue, field: &str) -> Result<String, Error> {
    match v.dyn_ref::<JsString>() {
        Some(s) if !is_well_formed(s) => Err(Error::invalid(
            field,
            "is not valid Unicode (it holds a lone surrogate)",
        )),
        Some(s) => Ok(String::from(s)),
        None if v.is_undefined() || v.is_null() => Err(Error::invalid(field, "is required")),
        None => Err(Error::invalid(
            field,
            format!("must be a string, got {}", describe(v)),
        )),
    }
}

/// A plain-data copy of `value`, made by `JSON.stringify` and `JSON.parse` in the JS engine:
/// getters run once, Proxies are read through, and a throwing getter or a cycle is an error.
/// What JSON cannot carry (functions, symbols, bigints, NaN, infinities, lone surrogates) is
/// refused by name instead of silently becoming `null` or vanishing.
pub fn plain(value: &JsValue) -> Result<JsValue, Error> {
    let bad: Rc<RefCell<Option<Error>>> = Rc::default();
    let seen = bad.clone();
    let replacer = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
        move |key: JsValue, v: JsValue| -> JsValue {
            let field = key
                .as_string()
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "params".into());
            let what = match v.js_typeof().as_string().as_deref() {
                Some("function") => Some("a function".to_string()),
                Some("symbol") => Some("a symbol".to_string()),
                Some("bigint") => Some("a bigint".to_string()),
                Some("number") if !v.as_f64().is_some_and(f64::is_finite) => Some(describe(&v)),
                Some("string") if !is_well_formed(v.unchecked_ref()) => {
                    Some("a string that is not valid Unicode (a lone surrogate)".to_string())
                }
                _ => None,
            };
            if let Some(what) = what {
                if seen.borrow().is_none() {
                    *seen.borrow_mut() = Some(Error::invalid(field, format!("got {what}")));
                }
                return JsValue::NULL;
            }
            v
        },
    );
    let text = js_sys::JSON::stringify_with_replacer(value, replacer.as_ref().unchecked_ref())
        .map_err(|e| {
            Error::invalid(
                "params",
                format!(
                    "cannot be read as plain data ({})",
                    crate::client::message_of(&e)
                ),
            )
        })?;
    drop(replacer);
    if let Some(e) = bad.take() {
        return Err(e);
    }
    if text.is_undefined() {
        return Ok(JsValue::UNDEFINED);
    }
    crate::client::json_parse(&text.unchecked_into())
        .map_err(|_| Error::invalid("params", "cannot be read as plain data"))
}

/// Reads a params object into endpoint type `T`: unknown keys refused, types checked, the
/// offending field named. `optional` params may be left out.
pub fn from_params<T: DeserializeOwned>(value: &JsValue, optional: bool) -> Result<T, Error> {
    let plain = checked_params(value, optional, field_names::<T>())?;
    let read = JsDoc(plain).read();
    read.map_err(read_error)
}

/// The part of [`from_params`] that is the same for every type (one copy in the `.wasm`): a
/// plain copy of the params object, whose keys are all among `fields`.
#[inline(never)]
fn checked_params(value: &JsValue, optional: bool, fields: &[&str]) -> Result<JsValue, Error> {
    if value.is_undefined() || value.is_null() {
        if !optional {
            return Err(Error::invalid(
                "params",
                "an object of parameters is required",
            ));
        }
        return Ok(js_sys::Object::new().into());
    }
    // Object.keys first: it is guarded, and throws for a revoked Proxy, on which even
    // Array.isArray would throw.
    if !value.is_object() || value.is_function() || object_keys(value).is_err() || is_array(value) {
        return Err(Error::invalid(
            "params",
            format!("must be an object of parameters, got {}", describe(value)),
        ));
    }
    let value = plain(value)?;
    let keys = object_keys(&value).map_err(|_| Error::invalid("params", "cannot be read"))?;
    for key in keys.iter() {
        let key = key.as_string().unwrap_or_default();
        if !fields.contains(&key.as_str()) {
            return Err(Error::invalid(
                "params",
                format!(
                    "unknown parameter `{key}`; the parameters are {}",
                    fields.join(", ")
                ),
            ));
        }
    }
    Ok(value)
}

/// A params read's failure as `invalid_input`, naming the field.
#[inline(never)]
fn read_error(e: crate::core::response::ReadError) -> Error {
    let m = &e.message;
    // serde names a missing field or an unknown key in its message, not in the path.
    if let Some(name) = m
        .find("missing field `")
        .and_then(|at| quoted_after(&m[at..], "missing field `"))
    {
        return Error::invalid(name, "is required");
    }
    if m.starts_with("unknown field `") {
        return Error::invalid(
            "params",
            m.replacen("unknown field", "unknown parameter", 1),
        );
    }
    let field = e.path.split(['.', '[']).next().unwrap_or("");
    Error::invalid(if field.is_empty() { "params" } else { field }, m.clone())
}

fn quoted_after<'a>(m: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = m.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// An options object of JS things (signals, functions, numbers), read key by key with
/// `Reflect`, whose failures are errors rather than exceptions.
pub struct Opts {
    obj: Option<JsValue>,
    what: &'static str,
}

impl Opts {
    /// Reads `value` as `what`, refusing keys outside `allowed`; `undefined`/`null` is empty when
    /// `optional`.
    pub fn read(
        value: &JsValue,
        what: &'static str,
        allowed: &[&str],
        optional: bool,
    ) -> Result<Opts, Error> {
        if value.is_undefined() || value.is_null() {
            if optional {
                return Ok(Opts { obj: None, what });
            }
            return Err(Error::invalid(what, "an object of parameters is required"));
        }
        let unreadable = |e: JsValue| {
            Error::invalid(
                what,
                format!("cannot be read ({})", crate::client::message_of(&e)),
            )
        };
        if !value.is_object() || value.is_function() {
            return Err(Error::invalid(
                what,
                format!("must be an object of parameters, got {}", describe(value)),
            ));
        }
        let keys = object_keys(value).map_err(unreadable)?;
        if is_array(value) {
            return Err(Error::invalid(
                what,
                "must be an object of parameters, got an array",
            ));
        }
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(Error::invalid(
                    what,
                    format!(
                        "unknown parameter `{key}`; the parameters are {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(Opts {
            obj: Some(value.clone()),
            what,
        })
    }

    /// The value of `key`, `None` for `undefined` or `null`.
    pub fn value(&self, key: &str) -> Result<Option<JsValue>, Error> {
        let Some(obj) = &self.obj else {
            return Ok(None);
        };
        let v = Reflect::get(obj, &key.into()).map_err(|e| {
            Error::invalid(
                key,
                format!("cannot be read ({})", crate::client::message_of(&e)),
            )
        })?;
        let _ = self.what;
        Ok((!v.is_undefined() && !v.is_null()).then_some(v))
    }

    /// An optional string.
    pub fn string(&self, key: &str) -> Result<Option<String>, Error> {
        self.value(key)?.map(|v| string_arg(&v, key)).transpose()
    }

    /// An optional integer within the safe range.
    pub fn int(&self, key: &str) -> Result<Option<i64>, Error> {
        self.value(key)?
            .map(|v| match v.as_f64() {
                Some(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => Ok(n as i64),
                _ => Err(Error::invalid(
                    key,
                    format!("must be an integer, got {}", describe(&v)),
                )),
            })
            .transpose()
    }

    /// An optional duration: a finite number of milliseconds, 0 or more.
    pub fn ms(&self, key: &str) -> Result<Option<f64>, Error> {
        self.value(key)?
            .map(|v| {
                let n = v.as_f64().unwrap_or(f64::NAN);
                crate::core::validate::duration_ms(key, n).map(|()| n)
            })
            .transpose()
    }

    /// An optional `AbortSignal`: a real one, whose `aborted` reads (a look-alike cannot be
    /// listened to, and a Proxy around a real one throws on every use).
    pub fn signal(&self, key: &str) -> Result<Option<AbortSignal>, Error> {
        self.value(key)?
            .map(|v| {
                let real = crate::client::has_global("AbortSignal")
                    && v.is_instance_of::<AbortSignal>()
                    && Reflect::get(&v, &"aborted".into()).is_ok_and(|a| a.as_bool().is_some());
                if real {
                    Ok(v.unchecked_into())
                } else {
                    Err(Error::invalid(key, "must be an AbortSignal"))
                }
            })
            .transpose()
    }

    /// An optional function.
    pub fn function(&self, key: &str) -> Result<Option<Function>, Error> {
        self.value(key)?
            .map(|v| {
                v.dyn_into::<Function>().map_err(|v| {
                    Error::invalid(key, format!("must be a function, got {}", describe(&v)))
                })
            })
            .transpose()
    }
}

/// The field names a struct type reads, found by asking its `Deserialize` impl for them.
/// serde-wasm-bindgen reads only those names off a JS object, so `deny_unknown_fields` never
/// sees an unknown key: the keys are checked against these instead.
fn field_names<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Names(std::cell::Cell<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for &Names {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.set(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let names = Names(std::cell::Cell::new(&[]));
    let _ = T::deserialize(&names);
    names.0.get()
}
